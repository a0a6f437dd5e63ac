/**
 * One `produce --count 5000 --rate 0` run into the real broker, read back with kcat: the count,
 * the topics' partitions, keys, headers, record timestamps and per-channel placement and order.
 */
import assert from "node:assert/strict";
import { EVENT_KINDS, SCHEMA_OF_KIND } from "../../src/config/topics.ts";
import { kcatCounts, kcatPartitionCount, kcatRead, type KcatRecord } from "../support/kcat.ts";
import { assertOk, freshPrefix, produce, summaryOf, testBroker, topicsOf } from "./support.ts";

const CHANNELS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"];
const prefix = freshPrefix("landing");
const topics = topicsOf(prefix);

let landed: Promise<{ bootstrap: string; stderr: string }> | undefined;
/** The run every test here looks at, started by whichever test comes first. */
function landing() {
  landed ??= (async () => {
    const { bootstrap } = await testBroker();
    const result = await produce(bootstrap, prefix, [
      "--count",
      "5000",
      "--rate",
      "0",
      "--seed",
      "11",
      "--channels",
      CHANNELS.join(","),
    ]);
    assertOk(result);
    return { bootstrap, stderr: result.stderr };
  })();
  return landed;
}

let readBack: Promise<KcatRecord[]> | undefined;
function records(): Promise<KcatRecord[]> {
  readBack ??= landing().then(async ({ bootstrap }) =>
    (await Promise.all(EVENT_KINDS.map((k) => kcatRead(bootstrap, topics[k])))).flat()
  );
  return readBack;
}

Deno.test("produce --count 5000 --rate 0 lands exactly 5000 records, counted by kcat", async () => {
  const { bootstrap, stderr } = await landing();
  const counts = await kcatCounts(bootstrap, Object.values(topics));
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  assert.equal(total, 5000);
  assert.deepEqual(summaryOf(stderr), { generated: 5000, delivered: 5000, failed: 0 });
  // The summary's per-topic counts are what each topic holds.
  const perTopic = /Summary: .*\| chat=(\d+) viewer=(\d+) transactions=(\d+) stream_meta=(\d+)/
    .exec(stderr);
  assert.ok(perTopic, stderr);
  assert.deepEqual(
    EVENT_KINDS.map((k) => counts[topics[k]]),
    perTopic.slice(1, 5).map(Number),
  );
});

Deno.test("produce writes only its own log lines to stderr, no Kafka client noise", async () => {
  const { stderr } = await landing();
  const foreign = stderr.trimEnd().split("\n").filter((line) =>
    !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - (INFO|WARNING) - \S/.test(line)
  );
  assert.deepEqual(foreign, []);
  assert.doesNotMatch(stderr, /KafkaJS|TimeoutNegativeWarning/);
});

Deno.test("produce creates each of the four topics with 3 partitions", async () => {
  const { bootstrap, stderr } = await landing();
  for (const topic of Object.values(topics)) {
    assert.equal(await kcatPartitionCount(bootstrap, topic), 3, topic);
  }
  assert.match(
    stderr,
    new RegExp(
      `Created topics: ${Object.values(topics).join(", ").replaceAll(".", "\\.")} ` +
        `\\(3 partitions, replication factor 1\\)`,
    ),
  );
});

Deno.test("produce keys every record with its payload's channel and names its schema in event_type", async () => {
  const all = await records();
  assert.equal(all.length, 5000);
  const keys = new Set<string>();
  for (const kind of EVENT_KINDS) {
    const ofTopic = all.filter((r) => r.topic === topics[kind]);
    assert.ok(ofTopic.length > 0, `no ${kind} records`);
    for (const record of ofTopic) {
      const value = JSON.parse(record.payload!) as { channel: string };
      assert.equal(record.key, value.channel);
      assert.deepEqual(record.headers, { event_type: SCHEMA_OF_KIND[kind] });
      keys.add(record.key!);
    }
  }
  assert.deepEqual([...keys].sort(), CHANNELS);
});

Deno.test("produce sets each record's timestamp to its event's timestamp", async () => {
  for (const record of await records()) {
    const value = JSON.parse(record.payload!) as { timestamp: string };
    assert.equal(record.tstype, "create");
    assert.equal(record.ts, Math.floor(Date.parse(value.timestamp)), record.payload!);
  }
});

Deno.test("produce puts all records of a channel in one partition per topic, in timestamp order", async () => {
  const all = await records();
  for (const topic of Object.values(topics)) {
    for (const channel of CHANNELS) {
      // kcatRead returns (partition, offset) order, so this is the order a consumer reads.
      const ofChannel = all.filter((r) => r.topic === topic && r.key === channel);
      if (ofChannel.length === 0) continue;
      const partitions = new Set(ofChannel.map((r) => r.partition));
      assert.equal(
        partitions.size,
        1,
        `${channel} in ${topic} spans partitions ${[...partitions]}`,
      );
      for (let i = 1; i < ofChannel.length; i++) {
        assert.ok(
          ofChannel[i]!.ts >= ofChannel[i - 1]!.ts,
          `${topic} ${channel}: offset ${ofChannel[i]!.offset} goes back in time`,
        );
      }
    }
  }
  // Seven channels over three partitions: the chat topic uses more than one partition.
  const chatPartitions = new Set(
    all.filter((r) => r.topic === topics.chat).map((r) => r.partition),
  );
  assert.ok(chatPartitions.size > 1, `all chat in partitions ${[...chatPartitions]}`);
});
