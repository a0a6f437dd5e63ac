/**
 * `produce --workers N`: N threads, each with its own producer and share of the channels, land
 * exactly what one thread lands (per channel, in order); a worker that dies fails the run with
 * one line; SIGTERM stops every worker within the bound and the summary is what the topics hold.
 */
import assert from "node:assert/strict";
import { EVENT_KINDS } from "../../src/config/topics.ts";
import { kcatCounts, kcatRead } from "../support/kcat.ts";
import {
  assertOk,
  freshPrefix,
  produce,
  START,
  summaryOf,
  testBroker,
  topicsOf,
} from "./support.ts";

const CHANNELS = ["a", "b", "c", "d", "e"];
const BACKFILL = [
  "--seed",
  "11",
  "--start",
  START,
  "--until",
  "2025-10-16T00:05:00Z",
  "--rate",
  "40",
];

/** `channel kind` → that channel's payloads of that kind, in offset order. */
async function byChannel(bootstrap: string, prefix: string): Promise<Map<string, string[]>> {
  const topics = topicsOf(prefix);
  const streams = new Map<string, string[]>();
  for (const kind of EVENT_KINDS) {
    for (const record of await kcatRead(bootstrap, topics[kind])) {
      const id = `${record.key} ${kind}`;
      streams.set(id, [...streams.get(id) ?? [], record.payload!]);
    }
  }
  return streams;
}

Deno.test("produce --workers 3 lands each channel's records of a 1-worker run, in the same order", async () => {
  const { bootstrap } = await testBroker();
  const single = freshPrefix("workers1");
  const one = await produce(bootstrap, single, [...BACKFILL, "--channels", CHANNELS.join(",")]);
  assertOk(one);
  const multi = freshPrefix("workers3");
  const three = await produce(bootstrap, multi, [
    ...BACKFILL,
    "--channels",
    CHANNELS.join(","),
    "--workers",
    "3",
  ]);
  assertOk(three);
  assert.match(three.stderr, /3 workers connected, channels 1: a,d \| 2: b,e \| 3: c/);
  // 5 minutes of event time at 40 events/s.
  assert.equal(summaryOf(one.stderr).delivered, 12_000);
  assert.deepEqual(summaryOf(three.stderr), summaryOf(one.stderr));

  const expected = await byChannel(bootstrap, single);
  const actual = await byChannel(bootstrap, multi);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [id, payloads] of expected) {
    assert.deepEqual(actual.get(id), payloads, `records of ${id} differ`);
  }
});

Deno.test("produce --workers 2 with the realistic profile lands the 1-worker run's records", async () => {
  const { bootstrap } = await testBroker();
  const args = [
    "--profile",
    "realistic",
    "--seed",
    "5",
    "--start",
    START,
    "--until",
    "2025-10-16T00:20:00Z",
    "--channels",
    "10",
  ];
  const single = freshPrefix("world1");
  assertOk(await produce(bootstrap, single, args));
  const multi = freshPrefix("world2");
  assertOk(await produce(bootstrap, multi, [...args, "--workers", "2"]));
  const expected = await byChannel(bootstrap, single);
  const actual = await byChannel(bootstrap, multi);
  assert.ok(expected.size > 0);
  assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(expected));
});

Deno.test("produce --workers 2: a worker that dies fails the run with one error line and exit 1", async () => {
  const { bootstrap } = await testBroker();
  const result = await produce(bootstrap, freshPrefix("workerdies"), [
    "--rate",
    "0",
    "--count",
    "5000000",
    "--channels",
    "a,b,c",
    "--workers",
    "2",
  ], { env: { TELEMETRA_TEST_WORKER_FAULT: "2:3" } });
  assert.equal(result.code, 1, result.stderr);
  const errors = result.stderr.split("\n").filter((line) => line.startsWith("error:"));
  assert.deepEqual(errors.length, 1, result.stderr);
  assert.match(errors[0]!, /^error: worker 2 of 2 stopped unexpectedly: .*stopped on purpose/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  // The summary still adds up: what the dead worker held is counted as not delivered.
  const summary = summaryOf(result.stderr);
  assert.ok(summary.generated < 5_000_000, result.stderr);
});

Deno.test("produce --workers 2 stopped by SIGTERM: bounded, and the summary is what the topics hold", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("workersterm");
  const started = Date.now();
  const result = await produce(bootstrap, prefix, [
    "--count",
    "50000000",
    "--rate",
    "0",
    "--stats-every",
    "1000",
    "--channels",
    "one,two,three",
    "--workers",
    "2",
    "--shutdown-timeout",
    "5s",
  ], {
    signal: { name: "SIGTERM", afterStderr: /Produced (?:[2-9]\d{4}|\d{6,}) messages/ },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Shutting down: flushing \d+ events in flight \(at most 5s\)/);
  const summary = summaryOf(result.stderr);
  assert.ok(summary.delivered > 0, result.stderr);
  assert.equal(summary.failed, 0);
  assert.equal(summary.delivered, summary.generated);
  const counts = await kcatCounts(bootstrap, Object.values(topicsOf(prefix)));
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), summary.delivered);
  assert.ok(Date.now() - started < 60_000);
});
