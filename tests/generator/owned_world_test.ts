import assert from "node:assert/strict";
import { createRealisticGenerator } from "../../src/generator/realistic/generator.ts";
import { createOwnedWorld, type OwnedWorld } from "../../src/generator/realistic/owned_world.ts";
import type { GeneratedEvent } from "../../src/generator/types.ts";
import { configFor, HOUR_MS, START_MS } from "./support.ts";

const CHANNELS = ["ch1", "ch2", "ch3", "ch4", "ch5"];
const CONFIG = configFor(CHANNELS);
const SEED = 11;

/** The whole world's events before `untilMs`, as one process produces them. */
function whole(untilMs: number): GeneratedEvent[] {
  const world = createRealisticGenerator(CONFIG, SEED, START_MS);
  const events: GeneratedEvent[] = [];
  while (world.peekMs() < untilMs) events.push(world.next());
  return events;
}

function take(world: OwnedWorld, untilMs: number): GeneratedEvent[] {
  const events: GeneratedEvent[] = [];
  while (world.peekMs() < untilMs) events.push(world.next());
  return events;
}

function catchUp(world: OwnedWorld, untilMs: number): void {
  while (!world.catchUp(untilMs, 1000));
}

const ids = (events: readonly GeneratedEvent[]) => events.map((e) => `${e.channel} ${e.id}`);
const END = START_MS + 8 * HOUR_MS;

Deno.test("an owned world owning every channel from the start is the whole world, in order", () => {
  const world = createOwnedWorld(CONFIG, SEED, START_MS);
  assert.deepEqual(world.assign(CHANNELS), CHANNELS);
  catchUp(world, START_MS);
  const events = take(world, END);
  assert.ok(events.length > 5000, `only ${events.length} events`);
  assert.deepEqual(ids(events), ids(whole(END)));
});

Deno.test("a channel taken over continues its timeline: the events from then on are the whole world's", () => {
  const all = whole(END);
  // Halfway through the world's events, two channels with a stream going on.
  const handover = all[all.length >> 1]!.timestampMs + 0.5;
  const busiest = [...new Set(all.map((e) => e.channel))]
    .map((channel) => ({
      channel,
      after: all.filter((e) => e.channel === channel && e.timestampMs >= handover).length,
    }))
    .sort((a, b) => b.after - a.after)
    .slice(0, 2)
    .map((c) => c.channel);
  const mine = CHANNELS.filter((c) => busiest.includes(c));
  const world = createOwnedWorld(CONFIG, SEED, START_MS);
  assert.deepEqual(world.assign(mine), mine);
  assert.equal(world.catchUp(handover, 10), false, "hours of a stream take more than 10 steps");
  // A channel still fast-forwarding holds back nothing of the others, nor sends before `handover`.
  assert.ok(world.peekMs() >= handover, "nothing is due before the handover");
  catchUp(world, handover);
  assert.ok(world.skipped > 100, `skipped ${world.skipped}`);
  const expected = all.filter((e) => mine.includes(e.channel) && e.timestampMs >= handover);
  assert.ok(expected.length > 1000, `${expected.length} events after the handover`);
  assert.deepEqual(ids(take(world, END)), ids(expected));
});

Deno.test("two replicas handing channels over at one instant together send the whole world once", () => {
  const handover = START_MS + 2 * HOUR_MS;
  const a = createOwnedWorld(CONFIG, SEED, START_MS);
  const b = createOwnedWorld(CONFIG, SEED, START_MS);
  a.assign(["ch1", "ch2", "ch3"]);
  b.assign(["ch4", "ch5"]);
  catchUp(a, START_MS);
  catchUp(b, START_MS);
  const sent = [...take(a, handover), ...take(b, handover)];
  // A rebalance: both stop, then ch3 moves from a to b; a keeps ch1 and ch2 where they were.
  a.pause();
  b.pause();
  assert.equal(a.peekMs(), Infinity);
  assert.deepEqual(a.assign(["ch1", "ch2"]), []);
  assert.deepEqual(b.assign(["ch3", "ch4", "ch5"]), ["ch3"]);
  catchUp(b, handover);
  sent.push(...take(a, END), ...take(b, END));
  const expected = whole(END);
  assert.deepEqual(ids(sent).sort(), ids(expected).sort());
  // Each replica's own events stay in time order across the move.
  const bTimes = take(b, END + HOUR_MS).map((e) => e.timestampMs);
  assert.deepEqual(bTimes, [...bTimes].sort((x, y) => x - y));
});

Deno.test("a channel taken back after a while fast-forwards from where this replica left it", () => {
  const world = createOwnedWorld(CONFIG, SEED, START_MS);
  world.assign(["ch1"]);
  catchUp(world, START_MS);
  take(world, START_MS + HOUR_MS);
  world.pause();
  world.assign([]);
  assert.equal(world.peekMs(), Infinity);
  world.assign(["ch1"]);
  const before = world.skipped;
  catchUp(world, START_MS + 2 * HOUR_MS);
  const hour =
    whole(START_MS + 2 * HOUR_MS).filter((e) =>
      e.channel === "ch1" && e.timestampMs >= START_MS + HOUR_MS
    ).length;
  // Only the hour it missed, give or take the events that were already stepped out.
  assert.ok(Math.abs(world.skipped - before - hour) <= 2, `${world.skipped - before} vs ${hour}`);
  assert.deepEqual(
    ids(take(world, END)),
    ids(whole(END).filter((e) => e.channel === "ch1" && e.timestampMs >= START_MS + 2 * HOUR_MS)),
  );
});

Deno.test("an owned world refuses a channel that is not the run's", () => {
  const world = createOwnedWorld(CONFIG, SEED, START_MS);
  assert.throws(() => world.assign(["elsewhere"]), /channel elsewhere is not one of the run's/);
});

Deno.test("a warm world takes a channel over with a fast-forward of moments, and it continues the same", () => {
  const handover = START_MS + 7.5 * HOUR_MS;
  const world = createOwnedWorld(CONFIG, SEED, START_MS);
  world.assign(["ch1"]);
  catchUp(world, START_MS);
  while (!world.warm(handover - 1000, 500));
  const warmed = world.skipped;
  const others = whole(handover - 1000).filter((e) => e.channel !== "ch1").length;
  // Every event of the other channels until then, give or take one stepped out per channel.
  assert.ok(Math.abs(warmed - others) <= 4 && warmed > 100, `warmed ${warmed} of ${others}`);
  // ch1 is owned, not warmed: its events are all there.
  const ch1 = take(world, handover);
  assert.deepEqual(ids(ch1), ids(whole(handover).filter((e) => e.channel === "ch1")));
  world.pause();
  assert.deepEqual(world.assign(CHANNELS), ["ch2", "ch3", "ch4", "ch5"]);
  catchUp(world, handover);
  const second = world.skipped - warmed;
  assert.ok(second < warmed / 20, `the handover still stepped ${second} events`);
  assert.deepEqual(
    ids(take(world, END)),
    ids(whole(END).filter((e) => e.channel === "ch1" || e.timestampMs >= handover))
      .filter((id) => !ids(ch1).includes(id)),
  );
});

Deno.test("a channel whose fast-forward a rebalance interrupted still waits for it when assigned again", () => {
  const all = whole(END);
  const late = all[all.length >> 1]!.timestampMs + 0.5;
  const world = createOwnedWorld(CONFIG, SEED, START_MS);
  assert.deepEqual(world.assign(CHANNELS), CHANNELS);
  assert.equal(world.catchUp(late, 5), false);
  world.pause();
  // ch1 and ch2 stay this replica's: whichever of them has not been fast-forwarded yet still waits.
  const waiting = world.assign(["ch1", "ch2"]);
  assert.ok(waiting.length > 0, "a fast-forward of hours was cut short");
  catchUp(world, late);
  assert.deepEqual(
    ids(take(world, END)),
    ids(all.filter((e) => (e.channel === "ch1" || e.channel === "ch2") && e.timestampMs >= late)),
  );
});
