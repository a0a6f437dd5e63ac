import assert from "node:assert/strict";
import { ensureTopics, openAdmin } from "../../src/kafka/admin.ts";
import { createKafka } from "../../src/kafka/client.ts";
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from "../../src/kafka/settings.ts";
import { freshTopic, kafkaTool, kcat, testBroker } from "../support/broker.ts";

async function emptyTopic(label: string): Promise<{ settings: KafkaSettings; topic: string }> {
  const { bootstrap } = await testBroker();
  const settings = {
    ...DEFAULT_KAFKA_SETTINGS,
    brokers: [bootstrap],
    retries: 3,
    retryDelayMs: 200,
  };
  const topic = freshTopic(label);
  const admin = await openAdmin(createKafka(settings), settings);
  await ensureTopics(admin, [topic], { partitions: 1, replicationFactor: 1 }, settings);
  await admin.disconnect();
  return { settings, topic };
}

/** The values of the first `count` records of `topic`, read by kafkajs with our codecs. */
async function kafkajsValues(settings: KafkaSettings, topic: string, count: number) {
  const consumer = createKafka(settings).consumer({ groupId: `snappy-${crypto.randomUUID()}` });
  const received: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
      consumer.run({
        eachMessage: ({ message }) => {
          received.push(message.value!.toString());
          if (received.length === count) resolve();
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

Deno.test("kafkajs with our codec reads snappy batches written by librdkafka (kcat -z snappy)", async () => {
  const { settings, topic } = await emptyTopic("kcat-snappy");
  const values = Array.from(
    { length: 500 },
    (_, i) => JSON.stringify({ id: i, text: "LUL ".repeat(20) }),
  );
  const written = await kcat(
    ["-P", "-b", settings.brokers[0]!, "-t", topic, "-z", "snappy", "-K", "\t"],
    values.map((v, i) => `k${i % 3}\t${v}\n`).join(""),
  );
  assert.equal(written.code, 0, written.stderr);
  assert.deepEqual(await kafkajsValues(settings, topic, values.length), values);
});

Deno.test("kafkajs with our codec reads snappy batches written by the Java client (xerial framing)", async () => {
  const { settings, topic } = await emptyTopic("java-snappy");
  const perf = await kafkaTool([
    "perf",
    "--topic",
    topic,
    "--num-records",
    "500",
    "--record-size",
    "200",
    "--throughput",
    "-1",
    "--producer-props",
    `bootstrap.servers=${settings.brokers[0]}`,
    "compression.type=snappy",
    "acks=all",
  ]);
  assert.equal(perf.code, 0, perf.stderr);
  const values = await kafkajsValues(settings, topic, 500);
  assert.equal(values.length, 500);
  for (const value of values) assert.match(value, /^[A-Z]{200}$/);
});
