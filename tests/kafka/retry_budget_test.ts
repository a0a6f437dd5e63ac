import assert from "node:assert/strict";
import { RECONNECT_DELAYS, retriesWithin, retryForBudget } from "../../src/kafka/retry_budget.ts";

Deno.test("retriesWithin() counts kafkajs' doubling, capped delays until the budget is covered", () => {
  const delays = { initialRetryTime: 100, multiplier: 2, maxRetryTime: 2000 };
  // 100 + 200 + 400 + 800 + 1600 = 3100, then 2000 each.
  assert.equal(retriesWithin(3100, delays), 5);
  assert.equal(retriesWithin(3101, delays), 6);
  assert.equal(retriesWithin(120_000, delays), 64);
  assert.equal(retriesWithin(0, delays), 1);
});

Deno.test("retryForBudget() keeps the reconnect delays and sets the count", () => {
  assert.deepEqual(retryForBudget(10_000), { ...RECONNECT_DELAYS, retries: 9 });
});
