import assert from "node:assert/strict";
import { Partitioners } from "kafkajs";
import {
  countByTopic,
  estimatedSize,
  memoisedPartitioner,
  nextBatchLength,
  type OutgoingRecord,
  partitionsOf,
  toTopicMessages,
  unacknowledged,
} from "../../src/kafka/batching.ts";

function record(topic: string, key: string, value: string, timestampMs = 0): OutgoingRecord {
  return { topic, key, value, timestampMs, headers: { event_type: "chat_message" } };
}

const sizes = (records: readonly OutgoingRecord[]) => records.map(estimatedSize);

Deno.test("estimatedSize() counts key, value, headers and the record framing", () => {
  // 24 framing + 2 key + 5 value + ("event_type" 10 + "chat_message" 12 + 4)
  assert.equal(estimatedSize(record("t", "ch", "hello")), 57);
});

Deno.test("nextBatchLength() stops at the record limit", () => {
  const rs = Array.from({ length: 10 }, () => record("t", "k", "v"));
  assert.equal(nextBatchLength(sizes(rs), 0, { maxRecords: 4, maxBytes: 1e9 }), 4);
  assert.equal(nextBatchLength(sizes(rs), 8, { maxRecords: 4, maxBytes: 1e9 }), 2);
});

Deno.test("nextBatchLength() stops before the byte limit would be passed", () => {
  const rs = Array.from({ length: 10 }, () => record("t", "k", "x".repeat(74))); // 125 bytes each
  assert.equal(estimatedSize(rs[0]!), 125);
  assert.equal(nextBatchLength(sizes(rs), 0, { maxRecords: 100, maxBytes: 500 }), 4);
  assert.equal(nextBatchLength(sizes(rs), 0, { maxRecords: 100, maxBytes: 499 }), 3);
});

Deno.test("nextBatchLength() sends a record larger than the byte limit on its own", () => {
  const rs = [record("t", "k", "x".repeat(1000)), record("t", "k", "y")];
  assert.equal(nextBatchLength(sizes(rs), 0, { maxRecords: 100, maxBytes: 100 }), 1);
});

Deno.test("toTopicMessages() groups by topic in first-seen order, keeping order within a topic", () => {
  const rs = [
    record("chat", "a", "1", 10),
    record("viewer", "a", "2", 11),
    record("chat", "b", "3", 12),
  ];
  assert.deepEqual(toTopicMessages(rs), [
    {
      topic: "chat",
      messages: [
        { key: "a", value: "1", timestamp: "10", headers: { event_type: "chat_message" } },
        { key: "b", value: "3", timestamp: "12", headers: { event_type: "chat_message" } },
      ],
    },
    {
      topic: "viewer",
      messages: [
        { key: "a", value: "2", timestamp: "11", headers: { event_type: "chat_message" } },
      ],
    },
  ]);
});

Deno.test("countByTopic() counts records per topic", () => {
  const rs = [record("a", "k", "v"), record("b", "k", "v"), record("a", "k", "v")];
  assert.deepEqual(countByTopic(rs), new Map([["a", 2], ["b", 1]]));
});

Deno.test("unacknowledged() returns the records of partitions a send did not acknowledge", () => {
  // channel_0 → 2, channel_1 → 1, channel_3 → 0 with 3 partitions (see the murmur2 test below).
  const rs = [
    record("a", "channel_0", "1"),
    record("a", "channel_1", "2"),
    record("b", "channel_3", "3"),
    record("a", "channel_0", "4"),
  ];
  const three = () => 3;
  const ack = (topicName: string, partition: number) => ({ topicName, partition });
  assert.deepEqual(unacknowledged(rs, [ack("a", 2), ack("a", 1), ack("b", 0)], three), []);
  // A leader moved to a broker that had answered: kafkajs never sent a/2, yet resolved.
  assert.deepEqual(
    unacknowledged(rs, [ack("a", 1), ack("b", 0)], three)?.map((r) => r.value),
    ["1", "4"],
  );
  // An acknowledgement these counts cannot explain (the topic grew): conclude nothing.
  assert.equal(unacknowledged(rs, [ack("a", 5)], three), undefined);
  assert.equal(unacknowledged(rs, [], () => undefined), undefined);
});

Deno.test("partitionsOf() matches the Java client's murmur2 partitioning", () => {
  // Java: Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % 3, computed with kafka-clients 4.1.
  const keys = ["demo_stream", "channel_0", "channel_1", "channel_2", "channel_3", "channel_4"];
  const rs = keys.map((k) => record("t", k, "v"));
  assert.deepEqual(rs.map((r) => partitionsOf([r], "t", 3)[0]), [1, 2, 1, 1, 0, 1]);
  assert.deepEqual(partitionsOf(rs, "t", 3), [0, 1, 2]);
  assert.deepEqual(partitionsOf(rs, "other", 3), []);
});

Deno.test("memoisedPartitioner() picks kafkajs' default partition for every key, twice", () => {
  const ours = memoisedPartitioner();
  const theirs = Partitioners.DefaultPartitioner();
  for (const count of [1, 3, 7, 12]) {
    const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
      partitionId,
      leader: partitionId === 1 ? -1 : 0,
      replicas: [0],
      isr: [0],
      partitionErrorCode: 0,
    }));
    for (let i = 0; i < 500; i++) {
      const message = { key: `channel_${i}_ü`, value: "v" };
      const args = { topic: "t", partitionMetadata, message };
      const expected = theirs(args);
      assert.equal(ours(args), expected, `key ${message.key}, ${count} partitions`);
      assert.equal(ours(args), expected, `key ${message.key} again`);
    }
  }
  // An explicit partition, and no key, are left to kafkajs' own rules.
  const partitionMetadata = [{
    partitionId: 0,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }];
  assert.equal(
    ours({ topic: "t", partitionMetadata, message: { key: "k", value: "", partition: 5 } }),
    5,
  );
  assert.equal(ours({ topic: "t", partitionMetadata, message: { key: null, value: "" } }), 0);
});
