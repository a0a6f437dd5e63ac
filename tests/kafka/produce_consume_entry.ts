/**
 * A child process for warning tests: produces 20 records through the sink and reads them back
 * with a kafkajs consumer, logging as the CLI does (INFO and up to stderr).
 * Usage: produce_consume_entry.ts BOOTSTRAP TOPIC
 */
import { setupLogging } from "../../src/cli/logging.ts";
import { ensureTopics, openAdmin } from "../../src/kafka/admin.ts";
import { createKafka } from "../../src/kafka/client.ts";
import { openProducerSink } from "../../src/kafka/producer.ts";
import { DEFAULT_KAFKA_SETTINGS } from "../../src/kafka/settings.ts";

const [bootstrap, topic] = Deno.args as [string, string];
const encoder = new TextEncoder();
using _logging = setupLogging("info", (line) => Deno.stderr.writeSync(encoder.encode(line)));
const settings = { ...DEFAULT_KAFKA_SETTINGS, brokers: [bootstrap], retries: 3, retryDelayMs: 200 };

const admin = await openAdmin(createKafka(settings), settings);
await ensureTopics(admin, [topic], { partitions: 3, replicationFactor: 1 }, settings);
await admin.disconnect();
const sink = await openProducerSink(settings);
await sink.write(Array.from({ length: 20 }, (_, i) => ({
  topic,
  key: `channel_${i % 3}`,
  value: JSON.stringify({ i }),
  timestampMs: 1_760_000_000_000 + i,
  headers: { event_type: "chat_message" },
})));
await sink.close();

const consumer = createKafka(settings).consumer({
  groupId: `warning-check-${crypto.randomUUID()}`,
});
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
let consumed = 0;
await new Promise<void>((resolve) => {
  consumer.run({
    eachMessage: () => {
      if (++consumed === 20) resolve();
      return Promise.resolve();
    },
  });
});
await consumer.disconnect();
// deno-lint-ignore no-console
console.log(`consumed ${consumed}`);
