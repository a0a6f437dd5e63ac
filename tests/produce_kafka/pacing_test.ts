/**
 * Paced runs against the broker: the count a rate and a duration imply, and the periodic stats
 * lines. Counts only; how close the achieved rate is to the target is measured in bench/.
 */
import assert from "node:assert/strict";
import { kcatCounts } from "../support/kcat.ts";
import { assertOk, freshPrefix, produce, summaryOf, testBroker, topicsOf } from "./support.ts";

Deno.test("produce --rate 50 --duration 2s lands exactly 100 events", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("rate50");
  const result = await produce(bootstrap, prefix, ["--rate", "50", "--duration", "2s"]);
  assertOk(result);
  assert.deepEqual(summaryOf(result.stderr), { generated: 100, delivered: 100, failed: 0 });
  const counts = await kcatCounts(bootstrap, Object.values(topicsOf(prefix)));
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 100);
});

Deno.test("produce --stats-every 25 logs its first Produced line at 25 events, with per-topic counts", async () => {
  const { bootstrap } = await testBroker();
  const result = await produce(bootstrap, freshPrefix("stats"), [
    "--rate",
    "50",
    "--count",
    "100",
    "--stats-every",
    "25",
  ]);
  assertOk(result);
  const lines = [
    ...result.stderr.matchAll(
      / - INFO - Produced (\d+) messages \| delivered \d+ \| Actual rate: \d+\.\d msg\/sec \(target 50\.0\) \| chat=(\d+) viewer=(\d+) transactions=(\d+) stream_meta=(\d+)\n/g,
    ),
  ];
  // Reports are also at most one a second, so 2 s of events give 2 or 3 of the 4 multiples.
  assert.ok(lines.length >= 2, result.stderr);
  assert.equal(lines[0]![1], "25");
  for (const line of lines) {
    const [total, ...perTopic] = line.slice(1).map(Number);
    assert.equal(perTopic.reduce((a, b) => a + b, 0), total);
  }
  // With the default (every 100 events) the same run logs at most the one line at 100.
  const quiet = await produce(bootstrap, freshPrefix("stats-default"), [
    "--rate",
    "50",
    "--count",
    "100",
  ]);
  assertOk(quiet);
  assert.deepEqual(
    [...quiet.stderr.matchAll(/Produced (\d+) messages/g)].map((m) => m[1]),
    ["100"],
  );
});
