import assert from "node:assert/strict";
import { ExitCode, KafkaError } from "../../src/errors.ts";
import { ensureTopics, openAdmin } from "../../src/kafka/admin.ts";
import { partitionsOf } from "../../src/kafka/batching.ts";
import { createKafka } from "../../src/kafka/client.ts";
import {
  openProducerSink,
  type OutgoingRecord,
  type ProducerSinkOptions,
} from "../../src/kafka/producer.ts";
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from "../../src/kafka/settings.ts";
import { snappyCodec } from "../../src/kafka/snappy_codec.ts";
import { freshTopic, kafkaTool, python, testBroker } from "../support/broker.ts";
import { kcatRecords } from "./kafka_tools.ts";
import { captureLogs, linesAt } from "./log_capture.ts";
// After src/kafka (which replaces kafkajs' grouping before kafkajs loads): the module kafkajs'
// brokers look the Produce request up in (see src/kafka/produce_request_fix.ts).
import protocolRequests from "kafkajs/src/protocol/requests/index.js";

const T0 = Date.UTC(2025, 9, 16, 10, 30, 0);

async function setup(labels: string[], partitions = 3) {
  const { bootstrap } = await testBroker();
  const settings: KafkaSettings = {
    ...DEFAULT_KAFKA_SETTINGS,
    brokers: [bootstrap],
    retries: 3,
    retryDelayMs: 200,
  };
  const topics = labels.map((label) => freshTopic(label));
  const admin = await openAdmin(createKafka(settings), settings);
  try {
    const { partitions: counts } = await ensureTopics(
      admin,
      topics,
      { partitions, replicationFactor: 1 },
      settings,
    );
    return { bootstrap, settings, topics, counts };
  } finally {
    await admin.disconnect();
  }
}

/** `n` chat-like records spread over `topics` and 5 channels, event time 1 s apart. */
function records(topics: readonly string[], n: number, from = 0): OutgoingRecord[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const channel = `channel_${i % 5}`;
    return {
      topic: topics[i % topics.length]!,
      key: channel,
      value: JSON.stringify({ id: i, channel, message: `hello ${i}` }),
      timestampMs: T0 + i * 1000,
      headers: { event_type: "chat_message" },
    };
  });
}

async function deliverAll(
  settings: KafkaSettings,
  batches: OutgoingRecord[][],
  options: ProducerSinkOptions = {},
) {
  const sink = await openProducerSink(settings, options);
  for (const batch of batches) await sink.write(batch);
  await sink.close();
  return sink.stats;
}

Deno.test("openProducerSink() lands records with key = channel, event time, event_type header, one partition per key", async () => {
  const { bootstrap, settings, topics, counts } = await setup(["chat", "viewer"]);
  const sent = records(topics, 200);
  const stats = await deliverAll(settings, [sent.slice(0, 120), sent.slice(120)], {
    partitionCounts: counts,
  });
  assert.equal(stats.delivered, 200);

  for (const topic of topics) {
    const expected = sent.filter((r) => r.topic === topic).map((r) => {
      const [partition] = partitionsOf([r], topic, 3);
      return `${r.key} ${r.timestampMs} event_type=chat_message ${partition} ${r.value}`;
    });
    const landed = await kcatRecords(bootstrap, topic, "%k %T %h %p %s\\n");
    assert.deepEqual([...landed].sort(), [...expected].sort());
    // Within a partition, each channel's records keep their order.
    const byKey = new Map<string, number[]>();
    for (const line of landed) {
      const [key, timestamp] = line.split(" ");
      byKey.set(key!, [...byKey.get(key!) ?? [], Number(timestamp)]);
    }
    for (const times of byKey.values()) assert.deepEqual(times, [...times].sort((a, b) => a - b));
  }
});

Deno.test("close() delivers everything accepted and the stats add up per topic", async () => {
  const { bootstrap, settings, topics } = await setup(["a", "b", "c", "d"]);
  const all = records(topics, 20_000);
  const batches = Array.from({ length: 40 }, (_, i) => all.slice(i * 500, (i + 1) * 500));
  const stats = await deliverAll(settings, batches, { maxBatchRecords: 1000 });
  const perTopic = { accepted: 5000, delivered: 5000, failed: 0 };
  assert.deepEqual(stats, {
    accepted: 20_000,
    delivered: 20_000,
    failed: 0,
    inFlight: 0,
    outages: 0,
    outageMs: 0,
    kafkaDown: false,
    byTopic: Object.fromEntries(topics.map((t) => [t, perTopic])),
  });
  for (const topic of topics) {
    assert.equal((await kcatRecords(bootstrap, topic, "%o\\n")).length, 5000);
  }
});

Deno.test("write() applies backpressure: it resolves only with at most maxBufferedRecords in flight", async () => {
  const { settings, topics } = await setup(["bp"]);
  const sink = await openProducerSink(settings, { maxBatchRecords: 200, maxBufferedRecords: 1000 });
  const all = records(topics, 10_000);
  let peak = 0;
  for (let i = 0; i < all.length; i += 100) {
    await sink.write(all.slice(i, i + 100));
    peak = Math.max(peak, sink.stats.inFlight);
  }
  await sink.close();
  assert.ok(peak <= 1000, `in flight after write() resolved: ${peak}`);
  assert.equal(sink.stats.delivered, 10_000);
});

Deno.test("openProducerSink() compresses with snappy by default, readable by kcat, confluent-kafka and Java", async () => {
  const { bootstrap, settings, topics } = await setup(["snappy"]);
  const compress = snappyCodec.compress;
  let compressedBatches = 0;
  snappyCodec.compress = (encoder) => {
    compressedBatches++;
    return compress(encoder);
  };
  const sent = records(topics, 3000);
  try {
    await deliverAll(settings, [sent], { maxBatchRecords: 1000 });
  } finally {
    snappyCodec.compress = compress;
  }
  assert.ok(compressedBatches >= 3, `snappy batches: ${compressedBatches}`);

  const viaKcat = await kcatRecords(bootstrap, topics[0]!, "%s\\n");
  assert.deepEqual(viaKcat.sort(), sent.map((r) => r.value).sort());

  const script = `
import json, sys
from confluent_kafka import Consumer, TopicPartition
c = Consumer({"bootstrap.servers": sys.argv[1], "group.id": "snappy-check",
              "enable.auto.commit": False})
c.assign([TopicPartition(sys.argv[2], p, 0) for p in range(3)])
ids = []
while True:
    m = c.poll(3)
    if m is None: break
    if m.error(): raise SystemExit(str(m.error()))
    ids.append(json.loads(m.value())["id"])
c.close()
print(len(ids), len(set(ids)), min(ids), max(ids))
`;
  const viaPython = await python(script, [bootstrap, topics[0]!]);
  assert.equal(viaPython.code, 0, viaPython.stderr);
  assert.equal(viaPython.stdout.trim(), "3000 3000 0 2999");

  const viaJava = await kafkaTool([
    "console-consumer",
    "--bootstrap-server",
    bootstrap,
    "--topic",
    topics[0]!,
    "--from-beginning",
    "--max-messages",
    "3000",
    "--property",
    "print.key=true",
  ]);
  assert.equal(viaJava.code, 0, viaJava.stderr);
  const javaLines = viaJava.stdout.split("\n").filter((l) => l !== "");
  assert.deepEqual(javaLines.sort(), sent.map((r) => `${r.key}\t${r.value}`).sort());
});

Deno.test("a record over the broker's size limit fails alone, logged with topic and partition; the rest arrive", async () => {
  const { bootstrap, settings, topics, counts } = await setup(["toolarge"]);
  const [topic] = topics as [string];
  const before = records(topics, 50);
  const huge: OutgoingRecord = {
    topic,
    key: "channel_huge",
    value: JSON.stringify({ blob: crypto.randomUUID().repeat(40_000) }),
    timestampMs: T0,
    headers: { event_type: "chat_message" },
  };
  const after = records(topics, 50, 50);
  const failedCallbacks: number[] = [];
  const delivered: number[] = [];
  const { result: stats, lines } = await captureLogs(() =>
    deliverAll(settings, [before, [huge], after], {
      compression: "none",
      partitionCounts: counts,
      onDelivered: (rs) => delivered.push(rs.length),
      onFailed: (rs) => failedCallbacks.push(rs.length),
    })
  );
  assert.equal(stats.failed, 1);
  assert.equal(stats.delivered, 100);
  assert.deepEqual(failedCallbacks, [1]);
  assert.equal(delivered.reduce((a, b) => a + b, 0), 100);
  const [partition] = partitionsOf([huge], topic, 3);
  assert.deepEqual(linesAt(lines, "error"), [
    `Could not deliver 1 events to ${topic} (partition ${partition}): cannot deliver events: The request included a message larger than the max message size the server will accept (MESSAGE_TOO_LARGE)`,
  ]);
  assert.equal((await kcatRecords(bootstrap, topic, "%o\\n")).length, 100);
});

Deno.test("write() refuses records for a topic that does not exist at once, accepting none", async () => {
  const { settings, topics } = await setup(["exists"]);
  const missing = freshTopic("missing");
  const sink = await openProducerSink(settings);
  try {
    await sink.write(records(topics, 10));
    await assert.rejects(
      sink.write([...records(topics, 5), ...records([missing], 5)]),
      (error: unknown) => {
        assert.ok(error instanceof KafkaError);
        assert.equal(
          error.message,
          `topic ${missing} does not exist on Kafka at ${settings.brokers[0]}`,
        );
        assert.equal(error.exitCode, ExitCode.Failure);
        return true;
      },
    );
  } finally {
    await sink.close();
  }
  assert.equal(sink.stats.accepted, 10);
  assert.equal(sink.stats.delivered, 10);
});

/**
 * Counts Produce requests as kafkajs encodes them, until the returned function restores the table
 * (one layer over the one-pass encoder, which stays in place).
 */
function countProduceEncodes(counter: { encoded: number }): () => void {
  type Make = (data: unknown) => { request: { encode(): Promise<unknown> } };
  const produce = (protocolRequests as {
    requests: Record<string, { protocol(o: { version: number }): Make | undefined }>;
  }).requests.Produce!;
  const original = produce.protocol;
  produce.protocol = (options) => {
    const make = original(options);
    if (make === undefined) return make;
    return (data) => {
      const made = make(data);
      const encode = made.request.encode.bind(made.request);
      made.request.encode = () => {
        counter.encoded++;
        return encode();
      };
      return made;
    };
  };
  return () => {
    produce.protocol = original;
  };
}

Deno.test("a writer waiting for room resumes after the send that made room has encoded its request, in at least nine waits of ten", async () => {
  // Woken at once, the writer generated its next batch while the request that had just been taken
  // from the queue waited to be encoded: the broker idled meanwhile, and at full speed every send's
  // round trip added to the generating time instead of overlapping it.
  const { settings, topics } = await setup(["overlap"]);
  const counter = { encoded: 0 };
  const restore = countProduceEncodes(counter);
  try {
    let acknowledgedSends = 0;
    const sink = await openProducerSink(settings, {
      compression: "none",
      maxBatchRecords: 100,
      maxBufferedRecords: 200,
      onDelivered: () => acknowledgedSends++,
    });
    // At each resumption after a wait: [Produce requests encoded, sends acknowledged].
    const resumptions: [number, number][] = [];
    for (let i = 0; i < 60; i++) {
      const before = acknowledgedSends;
      await sink.write(records(topics, 100, i * 100));
      if (acknowledgedSends > before) resumptions.push([counter.encoded, acknowledgedSends]);
    }
    await sink.close();
    assert.equal(sink.stats.delivered, 6000);
    assert.ok(resumptions.length >= 20, `only ${resumptions.length} writes waited for room`);
    // The send that made room is acknowledged and the next one (taken as room was made) encoded.
    // Not always: when kafkajs still counts the previous request in flight, the next one waits in
    // its request queue for a later turn of the event loop. Woken at once, every writer was early.
    const early = resumptions.filter(([encoded, acknowledged]) => encoded !== acknowledged + 1);
    assert.ok(
      early.length * 10 <= resumptions.length,
      `${early.length} of ${resumptions.length} writers resumed before the next request was encoded`,
    );
  } finally {
    restore();
  }
});
