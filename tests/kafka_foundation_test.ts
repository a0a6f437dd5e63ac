/**
 * The test broker is a real Kafka: records cross between kafkajs (what telemetra uses) and
 * librdkafka (kcat) byte for byte, and Kafka's own tools see what kafkajs' admin created.
 */
import assert from "node:assert/strict";
import { Kafka, logLevel } from "kafkajs";
import { freshTopic, kafkaTool, kcat, testBroker } from "./support/broker.ts";
import { kcatLines } from "./support/kcat.ts";

async function kafkaClient() {
  const broker = await testBroker();
  return new Kafka({
    clientId: "foundation-test",
    brokers: [broker.bootstrap],
    logLevel: logLevel.NOTHING,
  });
}

async function createTopic(kafka: Kafka, topic: string, partitions: number) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    assert.equal(
      await admin.createTopics({
        topics: [{ topic, numPartitions: partitions }],
        waitForLeaders: true,
      }),
      true,
    );
  } finally {
    await admin.disconnect();
  }
}

Deno.test("a record produced by kafkajs is read back by kcat with the same key, value and partition", async () => {
  const broker = await testBroker();
  const kafka = await kafkaClient();
  const topic = freshTopic("kafkajs-to-kcat");
  await createTopic(kafka, topic, 3);
  const producer = kafka.producer();
  await producer.connect();
  const value = JSON.stringify({ event_type: "chat_message", text: "héllo Kappa 🎉" });
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: "channel_7", value, partition: 2 }] });
  } finally {
    await producer.disconnect();
  }

  const read = await kcatLines(broker.bootstrap, topic, "%k\t%s\t%p\n");
  assert.deepEqual(read, [`channel_7\t${value}\t2`]);
});

Deno.test("a record produced by kcat is read back by kafkajs with the same key, value and partition", async () => {
  const broker = await testBroker();
  const kafka = await kafkaClient();
  const topic = freshTopic("kcat-to-kafkajs");
  await createTopic(kafka, topic, 3);
  const value = JSON.stringify({ event_type: "viewer_count", viewers: 1234 });
  const wrote = await kcat(
    ["-b", broker.bootstrap, "-P", "-t", topic, "-p", "1", "-K", "\t"],
    `channel_3\t${value}\n`,
  );
  assert.equal(wrote.code, 0, wrote.stderr);

  const consumer = kafka.consumer({ groupId: `${topic}-reader` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: string; partition: number }>(
      (resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error("no record within 30 s")), 30_000);
        consumer.run({
          eachMessage: ({ message, partition }) => {
            clearTimeout(deadline);
            resolve({ key: String(message.key), value: String(message.value), partition });
            return Promise.resolve();
          },
        }).catch(reject);
      },
    );
    assert.deepEqual(received, { key: "channel_3", value, partition: 1 });
  } finally {
    await consumer.disconnect();
  }
});

Deno.test("a topic created by kafkajs' admin shows 3 partitions in Kafka's topics tool", async () => {
  const broker = await testBroker();
  const topic = freshTopic("admin-partitions");
  await createTopic(await kafkaClient(), topic, 3);

  const described = await kafkaTool([
    "topics",
    "--bootstrap-server",
    broker.bootstrap,
    "--describe",
    "--topic",
    topic,
  ]);

  assert.equal(described.stderr, "");
  assert.equal(described.code, 0);
  const header = described.stdout.split("\n")[0];
  assert.match(
    header,
    new RegExp(`^Topic: ${topic}\\tTopicId: \\S+\\tPartitionCount: 3\\tReplicationFactor: 1\\t`),
  );
  const partitionLines = described.stdout.split("\n").filter((l) => l.includes("\tPartition: "));
  assert.deepEqual(partitionLines.map((l) => l.match(/Partition: (\d+)/)?.[1]), ["0", "1", "2"]);
});
