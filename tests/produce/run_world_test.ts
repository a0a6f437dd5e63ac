import assert from "node:assert/strict";
import { manualClock } from "../../src/produce/clock.ts";
import { runWorld, type TimedEvents } from "../../src/produce/run_world.ts";
import type { GeneratedEvent } from "../../src/generator/types.ts";
import type { EventSink } from "../../src/sinks/types.ts";

const T0 = Date.UTC(2025, 9, 16, 10);

/** Events at the given offsets from T0 (ms), then one far in the future, forever. */
function timedEvents(offsets: readonly number[]): TimedEvents {
  let i = 0;
  const at = (k: number) => T0 + (k < offsets.length ? offsets[k]! : 1e12 + k);
  return {
    peekMs: () => at(i),
    next: () => {
      const timestampMs = at(i++);
      return {
        kind: "chat",
        channel: "c",
        timestampMs,
        id: String(i),
        value: {},
      } as unknown as GeneratedEvent;
    },
  };
}

/** Records each batch's event times and the clock when it was written. */
function recordingSink(clock: { now(): number }) {
  const writes: { atMs: number; times: number[] }[] = [];
  let accepted = 0;
  const sink: EventSink = {
    write(batch: readonly GeneratedEvent[]) {
      writes.push({ atMs: clock.now(), times: batch.map((e) => e.timestampMs) });
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
  return { sink, writes };
}

const never = new AbortController().signal;

Deno.test("runWorld() live sends each event when its time comes, never before", async () => {
  const clock = manualClock(T0);
  const { sink, writes } = recordingSink(clock);
  const offsets = [0, 1000, 1000, 60_000, 3_600_000];
  const result = await runWorld(timedEvents(offsets), sink, clock, {
    count: 5,
    batchSize: 100,
    lingerMs: 5,
  }, never);
  assert.equal(result.generated, 5);
  assert.equal(result.stoppedBy, "count");
  for (const write of writes) for (const t of write.times) assert.ok(t <= write.atMs);
  assert.deepEqual(writes.flatMap((w) => w.times), offsets.map((o) => T0 + o));
  assert.ok(writes.every((w) => w.atMs - Math.max(...w.times) <= 5), "each sent within linger");
});

Deno.test("runWorld() live lasts its duration when the world falls silent before the end", async () => {
  const clock = manualClock(T0);
  const { sink, writes } = recordingSink(clock);
  const result = await runWorld(timedEvents([0, 500]), sink, clock, {
    durationMs: 10_000,
    batchSize: 100,
    lingerMs: 5,
  }, never);
  assert.equal(result.generated, 2);
  assert.equal(result.stoppedBy, "time");
  assert.equal(clock.now(), T0 + 10_000);
  assert.equal(writes.length, 2);
});

Deno.test("runWorld() backfill sends [start, until) at full speed in full batches", async () => {
  const clock = manualClock(T0);
  const { sink, writes } = recordingSink(clock);
  const offsets = Array.from({ length: 250 }, (_, i) => i * 1000);
  const result = await runWorld(timedEvents(offsets), sink, clock, {
    startMs: T0,
    untilMs: T0 + 200_000,
    batchSize: 64,
    lingerMs: 5,
  }, never);
  assert.equal(result.generated, 200);
  assert.equal(result.stoppedBy, "time");
  assert.equal(clock.now(), T0, "no sleeping");
  assert.deepEqual(writes.map((w) => w.times.length), [64, 64, 64, 8]);
  assert.equal(result.lastMs, T0 + 199_000);
});

Deno.test("runWorld() hands the events waiting for their linger window to the sink on a stop", async () => {
  const clock = manualClock(T0);
  const { sink, writes } = recordingSink(clock);
  const controller = new AbortController();
  let sleeps = 0;
  // The first sleep waits for event 1; the second is its linger window, cut short by a stop.
  const stopping = {
    now: clock.now,
    sleep: (ms: number) => {
      if (++sleeps === 2) controller.abort();
      return clock.sleep(ms);
    },
  };
  const events = timedEvents([0, 1, 2, 3, 1_000_000]);
  const options = { batchSize: 100, lingerMs: 50 };
  const result = await runWorld(events, sink, stopping, options, controller.signal);
  assert.equal(result.stoppedBy, "signal");
  assert.equal(result.generated, 2);
  assert.deepEqual(writes.flatMap((w) => w.times), [T0, T0 + 1]);
});

Deno.test("runWorld() sends only the kept events and counts them all", async () => {
  const clock = manualClock(T0);
  const { sink, writes } = recordingSink(clock);
  let n = 0;
  const result = await runWorld(timedEvents([0, 1, 2, 3]), sink, clock, {
    count: 4,
    startMs: T0,
    batchSize: 10,
    lingerMs: 5,
    keep: () => n++ % 2 === 0,
  }, never);
  assert.equal(result.generated, 4);
  assert.equal(writes.flatMap((w) => w.times).length, 2);
});

Deno.test("runWorld() with admit: a world owning nothing for a while runs on to its end, and only admitted events are sent", async () => {
  const clock = manualClock(T0);
  const { sink, writes } = recordingSink(clock);
  // Nothing owned for the first second (peekMs Infinity), then two events, then nothing again.
  const due = [T0 + 1000, T0 + 1500];
  let i = 0;
  const world: TimedEvents = {
    peekMs: () => clock.now() < T0 + 1000 || i >= due.length ? Infinity : due[i]!,
    next: () => {
      const timestampMs = due[i]!;
      const channel = i++ === 0 ? "mine" : "moved";
      return { kind: "chat", channel, timestampMs, id: String(i), value: {} } as GeneratedEvent;
    },
  };
  const sleeps: number[] = [];
  const watched = { now: clock.now, sleep: (ms: number) => (sleeps.push(ms), clock.sleep(ms)) };
  const result = await runWorld(world, sink, watched, {
    durationMs: 3000,
    batchSize: 100,
    lingerMs: 0,
    admit: (event) => event.channel === "mine",
    recheckMs: 100,
  }, never);
  assert.equal(result.stoppedBy, "time");
  assert.equal(clock.now(), T0 + 3000);
  assert.deepEqual(writes.map((w) => w.times), [[T0 + 1000]]);
  assert.ok(Math.max(...sleeps) <= 100, `slept ${Math.max(...sleeps)} ms at once`);
});
