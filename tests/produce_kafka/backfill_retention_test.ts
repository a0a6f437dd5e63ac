/**
 * Backfills survive the broker's retention: records stamped in the past are deleted at once by a
 * 7-day retention.ms, and a pipeline then "succeeds" with 0 rows.
 */
import assert from "node:assert/strict";
import { kafkaTool } from "../support/broker.ts";
import { createTopic } from "../consume/kafka_helpers.ts";
import { assertOk, freshPrefix, produce, START, testBroker, topicsOf } from "./support.ts";

const BACKFILL = [
  "--start",
  START,
  "--until",
  "2025-10-16T00:00:10Z",
  "--rate",
  "10",
  "--seed",
  "2",
];

async function retentionOf(bootstrap: string, topic: string): Promise<string | undefined> {
  const described = await kafkaTool([
    "configs",
    "--bootstrap-server",
    bootstrap,
    "--describe",
    "--entity-type",
    "topics",
    "--entity-name",
    topic,
  ]);
  return /\bretention\.ms=(-?\d+)/.exec(described.stdout)?.[1];
}

Deno.test("a backfill creates its topics with retention.ms=-1 and says why", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("keep");
  const result = await produce(bootstrap, prefix, BACKFILL);
  assertOk(result);
  assert.match(
    result.stderr,
    /Created them with retention\.ms=-1: a backfill's records carry past timestamps/,
  );
  for (const topic of Object.values(topicsOf(prefix))) {
    assert.equal(await retentionOf(bootstrap, topic), "-1", topic);
  }
  // A live run creates topics with the broker's defaults.
  const live = freshPrefix("live");
  assertOk(await produce(bootstrap, live, ["--count", "20", "--rate", "0"]));
  assert.equal(await retentionOf(bootstrap, topicsOf(live).chat), undefined);
});

Deno.test("a backfill into topics that keep records 7 days warns, one line per topic, before sending", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("short");
  const topics = topicsOf(prefix);
  for (const topic of Object.values(topics)) {
    await createTopic(bootstrap, topic, 1, { "retention.ms": "604800000" });
  }
  const result = await produce(bootstrap, prefix, BACKFILL);
  assertOk(result);
  const warnings = result.stderr.split("\n").filter((l) =>
    /keeps records 7d \(retention\.ms=604800000\)/.test(l)
  );
  assert.equal(warnings.length, 4, result.stderr);
  assert.match(
    warnings[0]!,
    /will delete them at once \(keep them: kafka-configs\.sh --alter .*retention\.ms=-1\)/,
  );
  assert.ok(
    result.stderr.indexOf(warnings[3]!) < result.stderr.indexOf("Starting message production"),
  );
});
