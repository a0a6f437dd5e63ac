import assert from "node:assert/strict";
import { Disorder, DUPLICATE_MAX_DELAY_MS, HOLD_LIMIT } from "../../src/produce/disorder.ts";
import type { GeneratedEvent } from "../../src/generator/types.ts";
import { configFor, run } from "../generator/support.ts";

const events = run(configFor(["a", "b", "c"]), 3, 20, 60_000); // 3,000 s at 20 events/s
const SETTINGS = {
  lateShare: 0.05,
  lateMaxMs: 30_000,
  duplicateShare: 0.01,
  malformedShare: 0.005,
};

function sendOrder(
  seed: number,
  batchSize = 1000,
  input = events,
): { out: GeneratedEvent[]; d: Disorder } {
  const d = new Disorder(SETTINGS, seed);
  const out: GeneratedEvent[] = [];
  for (let i = 0; i < input.length; i += batchSize) {
    out.push(...d.push(input.slice(i, i + batchSize)));
  }
  out.push(...d.flush());
  return { out, d };
}

Deno.test("Disorder sends 5% late, 1% twice and adds 0.5% malformed records, counted", () => {
  const { out, d } = sendOrder(1);
  const by = (a: string) => out.filter((e) => e.anomaly === a).length;
  assert.equal(by("late"), d.counts.late);
  assert.equal(by("duplicate"), d.counts.duplicate);
  assert.equal(by("malformed"), d.counts.malformed);
  const near = (n: number, p: number) =>
    Math.abs(n / events.length - p) < 4.5 * Math.sqrt(p / events.length);
  assert.ok(near(d.counts.late, 0.05), `${d.counts.late} late`);
  assert.ok(near(d.counts.duplicate, 0.01), `${d.counts.duplicate} duplicates`);
  assert.ok(near(d.counts.malformed, 0.005), `${d.counts.malformed} malformed`);
  // Every generated event goes out exactly once as itself (late or not), plus the injected.
  assert.equal(out.length, events.length + d.injected);
  const firsts = out.filter((e) => e.anomaly !== "duplicate" && e.anomaly !== "malformed");
  assert.equal(firsts.map((e) => e.id).sort().join(), events.map((e) => e.id).sort().join());
  for (const kind of ["not-json", "truncated-json", "schema-violation", "wrong-header"] as const) {
    assert.ok(d.counts.malformedByKind[kind] > 0, kind);
  }
});

Deno.test("Disorder sends a late event after events stamped later, within its maximum delay", () => {
  const { out, d } = sendOrder(2);
  let maxSoFar = -Infinity;
  let overtaken = 0;
  const position = new Map(events.map((e, i) => [e.id, i]));
  for (const e of out) {
    if (e.anomaly === "late") {
      if (maxSoFar > e.timestampMs) overtaken++;
      assert.ok(maxSoFar - e.timestampMs <= 30_000, `late by ${maxSoFar - e.timestampMs} ms`);
      assert.ok(position.has(e.id));
    }
    if (e.anomaly === undefined) maxSoFar = Math.max(maxSoFar, e.timestampMs);
  }
  assert.ok(overtaken > 0.9 * d.counts.late, `${overtaken} of ${d.counts.late} overtaken`);
  assert.ok(d.counts.maxLateMs <= 30_000 && d.counts.maxLateMs > 29_000);
});

Deno.test("Disorder sends a duplicate after its first copy, within a few seconds", () => {
  const { out } = sendOrder(3);
  const firstAt = new Map<string, number>();
  out.forEach((e, i) => {
    if (e.anomaly === "duplicate") {
      const first = firstAt.get(e.id);
      assert.ok(first !== undefined && first < i, "duplicate before its original");
      assert.deepEqual(e.value, out[first]!.value);
    } else if (e.anomaly !== "malformed") firstAt.set(e.id, i);
  });
  // Sent when the stream is past the first copy's time + delay: at most a few seconds of it.
  let maxSoFar = -Infinity;
  for (const e of out) {
    if (e.anomaly === "duplicate") {
      assert.ok(maxSoFar - e.timestampMs <= 30_000 + DUPLICATE_MAX_DELAY_MS);
    }
    maxSoFar = Math.max(maxSoFar, e.timestampMs);
  }
});

Deno.test("Disorder picks the same events with the same seed, whatever the batches or the other events", () => {
  const pick = (out: GeneratedEvent[]) =>
    out.filter((e) => e.anomaly !== undefined).map((e) => `${e.anomaly} ${e.id}`).sort();
  const whole = sendOrder(4).out;
  // (Compared as one string each: deep equality of long arrays is slow in node:assert.)
  assert.equal(pick(sendOrder(4, 7).out).join("\n"), pick(whole).join("\n"));
  assert.ok(pick(sendOrder(5).out).join() !== pick(whole).join(), "another seed, other events");
  // A shard sees only its channels' events: they get the anomalies they get in the whole run.
  const onlyA = events.filter((e) => e.channel === "a");
  assert.deepEqual(
    pick(sendOrder(4, 1000, onlyA).out),
    pick(whole).filter((line) =>
      onlyA.some((e) => line.endsWith(e.id) || line.endsWith(`${e.id}:malformed`))
    ),
  );
});

Deno.test("Disorder holds at most HOLD_LIMIT records: the earliest due go out sooner, none is lost", () => {
  // 60,000 events, all late by up to an hour and all duplicated: unbounded, nearly all would wait.
  const many = run(configFor(["a", "b"]), 9, 100, 60_000);
  const d = new Disorder({ ...SETTINGS, lateShare: 1, lateMaxMs: 3_600_000, duplicateShare: 1 }, 4);
  const out: GeneratedEvent[] = [];
  let most = 0;
  for (let i = 0; i < many.length; i += 500) {
    out.push(...d.push(many.slice(i, i + 500)));
    most = Math.max(most, d.holding);
  }
  assert.equal(most, HOLD_LIMIT);
  assert.ok(d.releasedEarly > many.length, `${d.releasedEarly} released early`);
  out.push(...d.flush());
  const late = out.filter((e) => e.anomaly === "late").map((e) => e.id);
  assert.equal(late.length, many.length);
  assert.equal(new Set(late).size, many.length);
  // A duplicate still follows its first copy.
  const first = new Map<string, number>();
  out.forEach((e, i) => e.anomaly === "late" && first.set(e.id, i));
  out.forEach((e, i) => e.anomaly === "duplicate" && assert.ok(first.get(e.id)! < i, e.id));
});
