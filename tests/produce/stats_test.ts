import assert from "node:assert/strict";
import type { GeneratedEvent } from "../../src/generator/types.ts";
import { ProduceStats } from "../../src/produce/stats.ts";
import type { DeliveryCounts } from "../../src/sinks/types.ts";
import { configFor, countBy, run } from "../generator/support.ts";

const chat = (n: number): GeneratedEvent[] =>
  Array.from(
    { length: n },
    () => ({ kind: "chat", channel: "c", value: {} }) as unknown as GeneratedEvent,
  );

const options = { every: 25, minIntervalMs: 1000, notablePerMinute: 5, targetRate: 50 };

Deno.test("ProduceStats.record() reports at exact multiples of --stats-every across batches", () => {
  const stats = new ProduceStats(options, 0);
  const reported: string[] = [];
  for (let i = 1; i <= 10; i++) reported.push(...stats.record(chat(10), i * 2000, counts(0)));
  assert.deepEqual(reported.map((l) => l.split(" |")[0]), [
    "Produced 25 messages",
    "Produced 50 messages",
    "Produced 75 messages",
    "Produced 100 messages",
  ]);
  assert.match(reported[0]!, /\| chat=25 viewer=0 transactions=0 stream_meta=0$/);
});

Deno.test("ProduceStats.record() skips reports that come sooner than the minimum interval", () => {
  const stats = new ProduceStats(options, 0);
  const first = stats.record(chat(100), 1000, counts(0));
  const second = stats.record(chat(100), 1500, counts(0));
  const third = stats.record(chat(100), 2500, counts(0));
  assert.deepEqual([first.length, second.length, third.length], [1, 0, 1]);
  assert.match(third[0]!, /^Produced 225 messages/);
});

const counts = (delivered: number, failed = 0): DeliveryCounts => ({
  accepted: delivered + failed,
  delivered,
  failed,
  deliveredByTopic: {},
  outages: 0,
  outageMs: 0,
  kafkaDown: false,
});

Deno.test("ProduceStats.report() shows generated and delivered side by side, and the target", () => {
  const stats = new ProduceStats({ ...options, every: 100 }, 0);
  const [line] = stats.record(chat(100), 2000, counts(60));
  assert.equal(
    line,
    "Produced 100 messages | delivered 60 | Actual rate: 50.0 msg/sec (target 50.0) | " +
      "chat=100 viewer=0 transactions=0 stream_meta=0",
  );
  const max = new ProduceStats({ ...options, targetRate: 0 }, 0);
  max.record(chat(10), 1000, counts(10));
  assert.match(max.report(1000, counts(10)), /Actual rate: 10\.0 msg\/sec \(target max\)/);
  assert.match(
    max.progressLine(1000, counts(4)),
    /^Produced 10 \| delivered 4 \| 10\.0\/s \(target max\)/,
  );
});

Deno.test("ProduceStats.summary() adds up: generated = delivered + failed + undelivered", () => {
  const stats = new ProduceStats(options, 0);
  stats.record(chat(1000), 10_000, counts(0));
  const line = stats.summary(10_000, { ...counts(700, 100), outages: 1, outageMs: 4200 });
  assert.match(
    line,
    /^Summary: generated 1000, delivered 700, failed 100, undelivered 200 in 10\.0s .* \| Kafka outages: 1 \(4\.2s\)$/,
  );
});

Deno.test("ProduceStats.record() logs transactions, stream starts and ends, raids and viewer jumps", () => {
  const events = run(configFor(["a", "b", "c"]), 42, 0.2, 20_000);
  const unthrottled = { every: 1e9, minIntervalMs: 0, notablePerMinute: Infinity, targetRate: 1 };
  const lines = new ProduceStats(unthrottled, 0).record(events, 1, counts(0));
  assert.equal(lines.length, 2173);
  const firstOf = (part: string) => lines.find((l) => l.includes(part));
  assert.deepEqual(
    [
      "Stream started",
      "Stream ended",
      "Transaction: donation",
      "from an anonymous viewer",
      "Raid incoming",
      "Raid outgoing",
      "Viewer spike",
      "Viewer drop",
    ].map(firstOf),
    [
      "Stream started for channel: a (Sunday funday | Talk Shows & Podcasts)",
      "Stream ended for channel: c",
      "Transaction: donation $100.00 from sneaky_shark90393 to a",
      "Transaction: subscription $4.99 from an anonymous viewer to a",
      "Raid incoming to b from nova_plays with 79 viewers",
      "Raid outgoing from c to a with 1158 viewers",
      "Viewer spike: +141 viewers! (c)",
      "Viewer drop: -82 viewers (c)",
    ],
  );
});

Deno.test("ProduceStats.record() limits transactions and viewer jumps per minute of event time, never starts, ends or raids", () => {
  // Eight and a half hours of event time, all handed over at one wall-clock instant (a backfill).
  const events = run(configFor(["a", "b", "c"]), 7, 5, 150_000);
  const limited = { every: 1e9, minIntervalMs: 0, notablePerMinute: 5, targetRate: 5 };
  const stats = new ProduceStats(limited, 0);
  const lines = stats.record(events, 1, counts(0));

  const always = events.filter((e) =>
    e.kind === "stream_meta" &&
    ["stream_start", "stream_end", "raid_incoming", "raid_outgoing"].includes(e.value.event_type)
  );
  const capped = events.filter((e) =>
    e.kind === "transaction" || (e.kind === "viewer" && (e.viewerJump ?? 0) !== 0)
  );
  const isAlways = (l: string) => /^(Stream (started|ended)|Raid )/.test(l);
  assert.ok(always.some((e) => e.kind === "stream_meta" && e.value.event_type === "stream_end"));
  assert.ok(always.some((e) => e.kind === "stream_meta" && e.value.event_type === "raid_outgoing"));
  assert.equal(lines.filter(isAlways).length, always.length);

  // Per minute of event time: the first five transactions and viewer jumps, the rest counted.
  const perMinute = countBy(capped, (e) => String(Math.floor(e.timestampMs / 60_000)));
  const expected = [...perMinute.values()].reduce((sum, n) => sum + Math.min(n, 5), 0);
  assert.ok(expected < capped.length, "the limit binds in this sample");
  assert.equal(lines.filter((l) => !isAlways(l)).length, expected);
  assert.equal(stats.suppressedNotable, capped.length - expected);

  // Wall time plays no part: the same events handed over one per second log the same lines.
  const paced = new ProduceStats(limited, 0);
  const pacedLines = events.flatMap((e, i) => paced.record([e], i * 1000, counts(0)));
  assert.deepEqual(pacedLines, lines);
});

Deno.test("ProduceStats.record() logs stream starts and ends that stream_meta=false does not send", () => {
  const kinds = { chat: true, viewer: true, transaction: true, stream_meta: false };
  const events = run(configFor(["a", "b"], { enabled: kinds }), 5, 0.2, 20_000);
  const unthrottled = { every: 1e9, minIntervalMs: 0, notablePerMinute: 5, targetRate: 1 };
  const lines = new ProduceStats(unthrottled, 0).record(events, 1, counts(0));
  const worldFacts = lines.filter((l) => l.endsWith("(not sent: stream_meta is off)"));
  assert.match(worldFacts[0]!, /^Stream started for channel: a \(.* \| .*\) \(not sent/);
  assert.ok(worldFacts.some((l) => l.startsWith("Stream ended for channel:")));
  assert.equal(
    worldFacts.filter((l) => l.startsWith("Stream started")).length,
    events.flatMap((e) => e.unsent ?? []).filter((m) => m.event_type === "stream_start").length,
  );
});
