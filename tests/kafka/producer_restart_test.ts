/**
 * The producer sink through a broker restart: a broker of its own is stopped (SIGTERM, then
 * SIGKILL in a second test) while sends are in flight and started again on the same data dir.
 * Every record the sink reports delivered must be in the topic exactly once.
 */
import assert from "node:assert/strict";
import { ensureTopics, openAdmin } from "../../src/kafka/admin.ts";
import { createKafka } from "../../src/kafka/client.ts";
import { openProducerSink, type OutgoingRecord } from "../../src/kafka/producer.ts";
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from "../../src/kafka/settings.ts";
import { type Broker, freshTopic, privateBroker } from "../support/broker.ts";
import { kcatRecords } from "./kafka_tools.ts";
import { captureLogs, linesAt } from "./log_capture.ts";

const TOTAL = 20_000;
const BATCH = 500;

function batch(topic: string, from: number): OutgoingRecord[] {
  return Array.from({ length: BATCH }, (_, k) => ({
    topic,
    key: `channel_${(from + k) % 7}`,
    value: JSON.stringify({ id: from + k }),
    // Live event times on purpose: a broker restart forgets producers whose last record is older
    // than producer.id.expiration.ms (1 day), and with them the means to drop a resent batch.
    timestampMs: Date.now(),
    headers: { event_type: "chat_message" },
  }));
}

/**
 * Starts the stopped broker again. After a SIGKILL the harness may see its port as busy while
 * the dead broker's sockets linger in TIME_WAIT; it is retried until a bounded deadline.
 */
async function startAgain(broker: Broker): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      return await broker.restart();
    } catch (error) {
      if (!/already in use/.test(String(error)) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function rideThroughRestart(signal: "SIGTERM" | "SIGKILL") {
  await using broker = await privateBroker();
  const settings: KafkaSettings = {
    ...DEFAULT_KAFKA_SETTINGS,
    brokers: [broker.bootstrap],
    retries: 3,
    retryDelayMs: 500,
  };
  const topic = freshTopic(`restart-${signal}`);
  const admin = await openAdmin(createKafka(settings), settings);
  await ensureTopics(admin, [topic], { partitions: 3, replicationFactor: 1 }, settings);
  await admin.disconnect();

  const { result: stats, lines } = await captureLogs(async () => {
    const sink = await openProducerSink(settings, { outageThresholdMs: 1000 });
    let outage: Promise<void> | undefined;
    for (let from = 0; from < TOTAL; from += BATCH) {
      // Halfway, the broker goes down while this loop keeps writing (sends are in flight).
      if (from === TOTAL / 2) outage = broker.stop(signal).then(() => startAgain(broker));
      await sink.write(batch(topic, from));
    }
    await outage;
    await sink.close();
    return sink.stats;
  }, "info");

  assert.equal(stats.accepted, TOTAL);
  assert.equal(stats.failed, 0);
  assert.equal(stats.delivered, TOTAL);
  const ids = (await kcatRecords(broker.bootstrap, topic, "%s\\n")).map((v) => JSON.parse(v).id);
  assert.equal(ids.length, TOTAL, "records in the topic");
  assert.equal(new Set(ids).size, TOTAL, "distinct ids in the topic");
  // The outage was noticed and reported, not silent, and its end only once acknowledged.
  assert.equal(stats.outages, 1);
  assert.equal(
    linesAt(lines, "warning").filter((l) => l.startsWith("Kafka not acknowledging for")).length,
    1,
  );
  assert.equal(
    linesAt(lines, "info").filter((l) => l.startsWith("Kafka acknowledging again after")).length,
    1,
  );
}

Deno.test("the producer sink delivers every record exactly once through a SIGTERM broker restart", async () => {
  await rideThroughRestart("SIGTERM");
});

Deno.test("the producer sink delivers every record exactly once through a SIGKILL broker restart", async () => {
  await rideThroughRestart("SIGKILL");
});
