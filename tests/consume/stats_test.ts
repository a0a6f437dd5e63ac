import assert from "node:assert/strict";
import { ConsumeStats, renderStats } from "../../src/consume/stats.ts";

Deno.test("renderStats() prints a per-topic table with rates, bytes and event types", () => {
  const stats = new ConsumeStats(["telemetra.events.chat", "telemetra.events.transactions"], false);
  for (let i = 0; i < 3; i++) stats.add("telemetra.events.chat", "chat_message", 100);
  stats.add("telemetra.events.transactions", "donation", 150);
  stats.add("telemetra.events.transactions", "bits", 120);
  stats.add("telemetra.events.transactions", "donation", 130);
  assert.equal(
    renderStats(stats, 2000),
    [
      "Consumed 6 records in 2.00 s (3 records/s)",
      "topic                          records  bytes  records/s  by event type",
      "telemetra.events.chat                3    300        1.5  chat_message 3",
      "telemetra.events.transactions        3    400        1.5  donation 2, bits 1",
      "total                                6    700          3",
      "",
    ].join("\n"),
  );
});

Deno.test("renderStats() adds valid and invalid columns under validation", () => {
  const stats = new ConsumeStats(["t"], true);
  stats.add("t", "chat_message", 10, true);
  stats.add("t", "not JSON", 5, false);
  assert.equal(
    renderStats(stats, 500),
    [
      "Consumed 2 records in 0.50 s (4 records/s)",
      "topic  records  bytes  records/s  valid  invalid  by event type",
      "t            2     15          4      1        1  chat_message 1, not JSON 1",
      "",
    ].join("\n"),
  );
  assert.equal(stats.invalid, 1);
});

Deno.test("ConsumeStats folds endless distinct event types into other", () => {
  const stats = new ConsumeStats([], false);
  for (let i = 0; i < 40; i++) stats.add("t", `type_${i}`, 1);
  stats.add("t", "x".repeat(100), 1);
  const types = stats.topics.get("t")!.types;
  assert.equal(types.size, 17);
  assert.equal(types.get("other"), 25);
});
