/** SIGTERM mid-run: produce stops generating, flushes, and its summary is what the topics hold. */
import assert from "node:assert/strict";
import { kcatCounts } from "../support/kcat.ts";
import { freshPrefix, produce, summaryOf, testBroker, topicsOf } from "./support.ts";

Deno.test("produce stopped by SIGTERM mid-run leaves exactly the delivered count in the topics", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("sigterm");
  const count = 50_000_000;
  const result = await produce(bootstrap, prefix, [
    "--count",
    String(count),
    "--rate",
    "0",
    "--stats-every",
    "1000",
    "--channels",
    "one,two,three",
  ], {
    // A report past 20,000 events: the run is in full flow, batches in flight, when it lands.
    signal: { name: "SIGTERM", afterStderr: /Produced (?:[2-9]\d{4}|\d{6,}) messages/ },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Shutting down: flushing \d+ events in flight \(at most 8s\)/);
  const summary = summaryOf(result.stderr);
  assert.ok(summary.delivered > 0 && summary.delivered < count, result.stderr);
  assert.equal(summary.failed, 0);
  assert.equal(summary.delivered, summary.generated);

  const counts = await kcatCounts(bootstrap, Object.values(topicsOf(prefix)));
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), summary.delivered);
});
