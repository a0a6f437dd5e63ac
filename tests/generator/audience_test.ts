import assert from "node:assert/strict";
import {
  type Audience,
  BASE_MAX,
  BASE_MIN,
  createAudience,
  raidAudience,
  startAudience,
  updateAudience,
  VOLATILITY,
  walkStep,
} from "../../src/generator/audience.ts";
import { createRng } from "../../src/generator/random.ts";

const MINUTE_US = 60_000_000;

Deno.test("walkStep() moves at most ±15% however long the gap, and scales noise with √time", () => {
  // At the base with no trend the step is pure noise: ±15% × √(minutes), capped at one minute.
  assert.equal(walkStep(1000, 1000, 0, MINUTE_US, 1), 0.15);
  assert.equal(walkStep(1000, 1000, 0, MINUTE_US, -1), -0.15);
  assert.equal(walkStep(1000, 1000, 0, 10 * MINUTE_US, 1), 0.15);
  assert.equal(walkStep(1000, 1000, 0, MINUTE_US / 4, 1), 0.075);
  assert.equal(walkStep(1000, 1000, 0, 0, 1), 0);
  // Drift (trend and reversion) is clamped too.
  assert.equal(walkStep(100, 5000, 0.02, MINUTE_US, 1), VOLATILITY);
  assert.equal(walkStep(5000, 100, -0.02, MINUTE_US, -1), -VOLATILITY);
  // Reversion pulls towards the target: 8% per minute of the log distance.
  assert.ok(Math.abs(walkStep(500, 1000, 0, MINUTE_US, 0) - 0.08 * Math.log(2)) < 1e-12);
});

Deno.test("createAudience() draws bases uniformly over 100–5000 viewers", () => {
  const bases = Array.from({ length: 10_000 }, (_, i) => createAudience(createRng(i, "a")).base);
  assert.equal(Math.min(...bases) >= BASE_MIN && Math.max(...bases) <= BASE_MAX, true);
  const mean = bases.reduce((s, b) => s + b, 0) / bases.length;
  assert.ok(Math.abs(mean - 2550) < 50, `mean base ${mean}`);
  assert.ok(Math.min(...bases) < 150 && Math.max(...bases) > 4950);
});

function simulate(audience: Audience, seed: number, hours: number, everyUs: number): number[] {
  const rng = createRng(seed, "walk");
  startAudience(audience, rng, 0);
  const counts: number[] = [];
  for (let us = everyUs; us <= hours * 60 * MINUTE_US; us += everyUs) {
    updateAudience(audience, rng, us);
    counts.push(audience.viewers);
  }
  return counts;
}

Deno.test("updateAudience() ramps up after a start and hovers around the base", () => {
  for (const seed of [1, 2, 3]) {
    const audience = createAudience(createRng(seed, "base"));
    const counts = simulate(audience, seed, 48, 5_000_000);
    const firstMinute = counts[0]!;
    assert.ok(firstMinute < audience.base * 0.6, "starts low");
    const later = counts.slice(counts.length / 4);
    const mean = later.reduce((s, c) => s + c, 0) / later.length;
    // Spikes (+50–500 for a couple of minutes, ~14 an hour) lift the mean a little.
    assert.ok(
      mean / audience.base > 0.8 && mean / audience.base < 1.3,
      `${mean} vs ${audience.base}`,
    );
  }
});

Deno.test("updateAudience() gives the same curve at any sampling pace", () => {
  // Mean level over 12 hours sampled every 0.1 s and every 60 s agree within 15%.
  const fast = simulate(createAudience(createRng(7, "base")), 7, 12, 100_000);
  const slow = simulate(createAudience(createRng(7, "base")), 8, 12, 60_000_000);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean(fast) / mean(slow) - 1) < 0.15, `${mean(fast)} vs ${mean(slow)}`);
});

Deno.test("updateAudience() keeps followers and subscribers from decreasing, peak per UTC day", () => {
  const audience = createAudience(createRng(9, "base"));
  const rng = createRng(9, "walk");
  startAudience(audience, rng, 0);
  let followers = 0;
  let peak = 0;
  for (let us = 1_000_000; us < 86_400_000_000; us += 10_000_000) {
    updateAudience(audience, rng, us);
    assert.ok(Math.floor(audience.followers) >= followers);
    followers = Math.floor(audience.followers);
    peak = Math.max(peak, audience.viewers);
    assert.equal(audience.peak, peak);
    assert.ok(audience.chatters <= audience.viewers);
  }
  updateAudience(audience, rng, 86_400_000_000);
  assert.equal(audience.peak, audience.viewers, "a new UTC day starts a new peak");
});

Deno.test("raidAudience() adds the raiders to the very next count", () => {
  const audience = createAudience(createRng(10, "base"));
  const rng = createRng(10, "walk");
  startAudience(audience, rng, 0);
  updateAudience(audience, rng, 3_600_000_000);
  const before = audience.viewers;
  raidAudience(audience, 2000);
  updateAudience(audience, rng, 3_600_000_000);
  assert.equal(audience.viewers, before + 2000);
});
