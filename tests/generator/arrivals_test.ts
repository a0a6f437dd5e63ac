import assert from "node:assert/strict";
import { arrivalOffsets } from "../../src/generator/arrivals.ts";

Deno.test("arrivalOffsets() puts event 0 on its slot and every other event a seeded fraction early", () => {
  const offset = arrivalOffsets(42);
  assert.equal(offset(0), 0);
  const fractions = Array.from({ length: 20_000 }, (_, i) => offset(i + 1));
  for (const f of fractions) assert.ok(f >= 0 && f < 1, String(f));
  // Spread over the whole slot: each tenth of it holds about a tenth of the events.
  const tenths = new Array<number>(10).fill(0);
  for (const f of fractions) tenths[Math.floor(f * 10)]!++;
  for (const n of tenths) assert.ok(n > 1800 && n < 2200, tenths.join(","));
});

Deno.test("arrivalOffsets() depends on the seed and the index alone", () => {
  const a = arrivalOffsets(7);
  const b = arrivalOffsets(7);
  assert.deepEqual([5, 1, 3].map(a), [5, 1, 3].map(b), "any call order gives the same fractions");
  assert.notDeepEqual([1, 2, 3].map(arrivalOffsets(8)), [1, 2, 3].map(a));
});
