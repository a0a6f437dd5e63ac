import assert from "node:assert/strict";
import { auditIds, parseSummary } from "./topic_audit.ts";

Deno.test("auditIds() counts repeated ids as duplicated and missing delivered ones as lost", () => {
  assert.deepEqual(auditIds(["a", "b", "b", "c", "c", "c"], 4), {
    records: 6,
    unique: 3,
    duplicated: 3,
    lost: 1,
  });
  assert.deepEqual(auditIds(["a", "b"], 2), { records: 2, unique: 2, duplicated: 0, lost: 0 });
});

Deno.test("parseSummary() reads the counts and outages of produce's final line", () => {
  const stderr = "2025-10-16 10:30:00 - INFO - Summary: generated 30000, delivered 29990, " +
    "failed 4, undelivered 6 in 31.2s (961.5 events/s) | chat=1 viewer=2 transactions=3 " +
    "stream_meta=4 | Kafka outages: 2 (9.1s)\n";
  assert.deepEqual(parseSummary(stderr), {
    generated: 30000,
    delivered: 29990,
    failed: 4,
    undelivered: 6,
    outages: 2,
  });
  assert.deepEqual(
    parseSummary("Summary: generated 5, delivered 5, failed 0 in 0.1s | chat=5\n"),
    { generated: 5, delivered: 5, failed: 0, undelivered: 0, outages: 0 },
  );
  assert.equal(parseSummary("error: cannot reach Kafka\n"), undefined);
});
