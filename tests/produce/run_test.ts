import assert from "node:assert/strict";
import { manualClock } from "../../src/produce/clock.ts";
import { type RunOptions, runProduce } from "../../src/produce/run.ts";
import type { GeneratedEvent } from "../../src/generator/types.ts";
import type { Generator } from "../../src/generator/generate.ts";
import type { EventSink } from "../../src/sinks/types.ts";

/** A stand-in generator: the loop only needs times in and events out. */
function countingGenerator(): Generator & { times: number[] } {
  const times: number[] = [];
  return {
    times,
    next(nowMs: number): GeneratedEvent {
      times.push(nowMs);
      return {
        kind: "chat",
        channel: "c",
        timestampMs: nowMs,
        id: String(times.length),
        value: {},
      } as unknown as GeneratedEvent;
    },
  } as Generator & { times: number[] };
}

function recordingSink(): EventSink & { batches: number[] } {
  const batches: number[] = [];
  let accepted = 0;
  const sink = {
    batches,
    write(batch: readonly GeneratedEvent[]) {
      batches.push(batch.length);
      accepted += batch.length;
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
    counts: () => ({
      accepted,
      delivered: accepted,
      failed: 0,
      deliveredByTopic: {},
      outages: 0,
      outageMs: 0,
      kafkaDown: false,
    }),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  return sink;
}

const base: RunOptions = { rate: 10, batchSize: 1000, lingerMs: 5 };
const never = new AbortController().signal;
const T0 = Date.UTC(2025, 9, 16, 10);

Deno.test("runProduce() paced at 10/s for 60 s sends exactly 600 events 100 ms apart", async () => {
  const gen = countingGenerator();
  const sink = recordingSink();
  const result = await runProduce(
    gen,
    sink,
    manualClock(T0),
    { ...base, durationMs: 60_000 },
    never,
  );
  assert.equal(result.generated, 600);
  assert.equal(result.stoppedBy, "time");
  assert.equal(gen.times[0], T0);
  assert.equal(gen.times[599], T0 + 59_900);
  assert.ok(gen.times.every((t, i) => Math.abs(t - (T0 + i * 100)) < 1e-6));
  assert.ok(sink.batches.every((n) => n === 1), "at 10/s each event goes out on its own");
});

Deno.test("runProduce() at 10,000/s batches by the linger window and keeps the exact count", async () => {
  const gen = countingGenerator();
  const sink = recordingSink();
  const result = await runProduce(
    gen,
    sink,
    manualClock(T0),
    { ...base, rate: 10_000, durationMs: 60_000 },
    never,
  );
  assert.equal(result.generated, 600_000);
  assert.ok(sink.batches.length < 600_000 / 40, `batches: ${sink.batches.length}`);
  assert.ok(Math.max(...sink.batches) <= 1000);
});

Deno.test("runProduce() over an hour at 1,000/s does not drift", async () => {
  const gen = countingGenerator();
  const result = await runProduce(
    gen,
    recordingSink(),
    manualClock(T0),
    { ...base, rate: 1000, durationMs: 3_600_000 },
    never,
  );
  assert.equal(result.generated, 3_600_000);
  assert.equal(gen.times.at(-1), T0 + 3_600_000 - 1);
});

Deno.test("runProduce() stops at --count and at rate 0 sends full batches", async () => {
  const sink = recordingSink();
  const result = await runProduce(
    countingGenerator(),
    sink,
    manualClock(T0),
    { ...base, rate: 0, count: 2500 },
    never,
  );
  assert.equal(result.generated, 2500);
  assert.equal(result.stoppedBy, "count");
  assert.deepEqual(sink.batches, [1000, 1000, 500]);
});

Deno.test("runProduce() backfill spans [start, until) at full speed without sleeping", async () => {
  const gen = countingGenerator();
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const start = Date.UTC(2025, 9, 16);
  const result = await runProduce(gen, recordingSink(), clock, {
    ...base,
    rate: 100,
    startMs: start,
    untilMs: start + 3_600_000,
  }, never);
  assert.equal(result.generated, 360_000);
  assert.equal(result.firstMs, start);
  assert.equal(result.lastMs, start + 3_600_000 - 10);
  assert.equal(clock.now(), Date.UTC(2026, 0, 1), "backfill never waits");
});

Deno.test("runProduce() stops when the signal aborts and reports it", async () => {
  const controller = new AbortController();
  const gen = countingGenerator();
  const sink = recordingSink();
  const original = sink.write;
  sink.write = (batch) => {
    if (gen.times.length >= 50) controller.abort();
    return original(batch);
  };
  const result = await runProduce(gen, sink, manualClock(T0), base, controller.signal);
  assert.equal(result.stoppedBy, "signal");
  assert.equal(result.generated, 50);
});

Deno.test("runProduce() catches up after a stalled sink instead of dropping events", async () => {
  const clock = manualClock(T0);
  const gen = countingGenerator();
  const sink = recordingSink();
  const original = sink.write;
  let stalled = false;
  sink.write = (batch) => {
    if (!stalled && gen.times.length === 100) {
      stalled = true;
      clock.advance(5000); // the broker was away for 5 s
    }
    return original(batch);
  };
  const result = await runProduce(gen, sink, clock, { ...base, durationMs: 30_000 }, never);
  assert.equal(result.generated, 300);
});

Deno.test("runProduce() stops when the signal aborts, even while a write waits for room", async () => {
  const gen = countingGenerator();
  const sink = recordingSink();
  const controller = new AbortController();
  // A sink whose buffer never frees (Kafka is away): its write waits until the signal aborts.
  sink.write = (batch, signal) => {
    sink.batches.push(batch.length);
    return new Promise((resolve) => signal?.addEventListener("abort", () => resolve()));
  };
  const run = runProduce(
    gen,
    sink,
    manualClock(T0),
    { ...base, rate: 0, count: 10_000 },
    controller.signal,
  );
  await Promise.resolve();
  controller.abort();
  const result = await run;
  assert.equal(result.stoppedBy, "signal");
  assert.deepEqual(sink.batches, [1000]);
  assert.equal(result.generated, 1000);
});

Deno.test("runProduce() with keep sends only the kept events but counts the whole stream", async () => {
  const gen = countingGenerator();
  const sink = recordingSink();
  const result = await runProduce(gen, sink, manualClock(T0), {
    ...base,
    rate: 0,
    count: 100,
    keep: (event) => Number(event.id) % 4 === 0,
  }, never);
  assert.equal(result.generated, 100);
  assert.deepEqual(sink.batches, [25]);
});

Deno.test("runProduce() with arrival offsets puts event i in its slot's last stretch, never past it", async () => {
  const gen = countingGenerator();
  const fractions = [0, 0.5, 0.875, 0.25, 0];
  const result = await runProduce(gen, recordingSink(), manualClock(T0), {
    ...base,
    rate: 100,
    startMs: T0,
    count: 5,
    arrivalOffset: (i) => fractions[i]!,
  }, never);
  assert.equal(result.generated, 5);
  // Slots end every 10 ms; event i comes fractions[i] of a slot early.
  assert.deepEqual(gen.times.map((t) => t - T0), [0, 5, 11.25, 27.5, 40]);
});

Deno.test("runProduce() paced with a count lasts N slots, so N events at 10/s take 5 s", async () => {
  const clock = manualClock(T0);
  await runProduce(countingGenerator(), recordingSink(), clock, { ...base, count: 50 }, never);
  assert.equal(clock.now(), T0 + 5000);
});
