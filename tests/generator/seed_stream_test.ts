import assert from "node:assert/strict";
import { arrivalOffsets } from "../../src/generator/arrivals.ts";
import { createGenerator } from "../../src/generator/generate.ts";
import { createSeedStream } from "../../src/generator/seed_stream.ts";
import { configFor, START_MS } from "./support.ts";

const CONFIG = configFor(["demo_stream", "gaming", "esports"]);

Deno.test("a seed stream stamps event i at start + i/rate less its arrival offset, as a paced run does", () => {
  const stream = createSeedStream(CONFIG, 42, START_MS, 20);
  const generator = createGenerator(CONFIG, 42);
  const offset = arrivalOffsets(42);
  for (let i = 0; i < 2000; i++) {
    const at = START_MS + i * 50 - offset(i) * 50;
    assert.equal(stream.peekMs(), at);
    assert.deepEqual(stream.next(), generator.next(at));
  }
  assert.equal(stream.position, 2000);
});

Deno.test("a seed stream fast-forwarded to a time continues with the whole stream's events from then", () => {
  const whole = createSeedStream(CONFIG, 7, START_MS, 100);
  const events = Array.from({ length: 50_000 }, () => whole.next());
  const skipped = createSeedStream(CONFIG, 7, START_MS, 100);
  const until = START_MS + 300_000 + 3.5;
  assert.equal(skipped.skipUntil(until, 1000), false, "30,000 events take more than 1,000 steps");
  while (!skipped.skipUntil(until, 1000));
  const from = events.findIndex((e) => e.timestampMs >= until);
  assert.equal(skipped.position, from);
  assert.ok(skipped.peekMs() >= until);
  assert.deepEqual(
    Array.from({ length: 1000 }, () => skipped.next()),
    events.slice(from, from + 1000),
  );
});

Deno.test("a seed stream refuses a rate of 0", () => {
  assert.throws(() => createSeedStream(CONFIG, 1, START_MS, 0), /needs a rate > 0/);
});
