import assert from "node:assert/strict";
import { RateWindow } from "../../src/metrics/rate_window.ts";

Deno.test("RateWindow.rate() is the increase over the last window, per second", () => {
  const w = new RateWindow(10_000, 250);
  // 100 events/s for 20 s, sampled every 10 ms, then 1,000 events/s for 10 s.
  let total = 0;
  let t = 0;
  for (; t < 20_000; t += 10) w.sample(t, total += 1);
  assert.equal(w.rate(t - 10, total), 100);
  for (const end = t + 10_000; t < end; t += 10) w.sample(t, total += 10);
  assert.equal(w.rate(t - 10, total), 1000);
});

Deno.test("RateWindow.rate() falls towards 0 when the total stops growing", () => {
  const w = new RateWindow(10_000, 250);
  w.sample(0, 0);
  w.sample(1_000, 500);
  assert.equal(w.rate(1_000, 500), 500);
  assert.equal(w.rate(12_000, 500), 0);
});

Deno.test("RateWindow.rate() is 0 before any time has passed", () => {
  assert.equal(new RateWindow().rate(5, 100), 0);
});
