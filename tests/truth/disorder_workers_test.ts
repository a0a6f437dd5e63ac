/**
 * Disorder with `--workers N`: each worker disorders its own events, so the same events get the
 * same anomalies as in one thread, the complete truth is the same, and the on-time truth follows
 * what each topic-partition holds (every partition has one writer when the on-time truth is on).
 */
import assert from "node:assert/strict";
import { EVENT_KINDS } from "../../src/config/topics.ts";
import { runCli } from "../support/cli.ts";
import { kcatRead, type KcatRecord } from "../support/kcat.ts";
import { freshPrefix, produce, testBroker, topicsOf } from "../produce_kafka/support.ts";
import { recountCsv } from "./recount.ts";

const ARGS = [
  "--start",
  "2025-10-16T00:00:00Z",
  "--until",
  "2025-10-16T00:30:00Z",
  "--rate",
  "20",
  "--seed",
  "6",
  "--channels",
  "a,b,c,d,e,f",
  "--partitions",
  "4",
  "--late",
  "5%:30s",
  "--duplicates",
  "1%",
  "--malformed",
  "0.5%",
  "--truth-lateness",
  "10s",
];

const anomalyOf = (r: KcatRecord) => r.headers["telemetra.anomaly"];

async function records(bootstrap: string, prefix: string): Promise<KcatRecord[]> {
  const all: KcatRecord[] = [];
  for (const kind of EVENT_KINDS) all.push(...await kcatRead(bootstrap, topicsOf(prefix)[kind]));
  return all;
}

/** Each channel's records as `topic anomaly value`, sorted: what was sent, whatever the order. */
function sentByChannel(all: readonly KcatRecord[]): Map<string, string> {
  const lines = new Map<string, string[]>();
  for (const r of all) {
    const topic = r.topic.slice(r.topic.lastIndexOf("."));
    const line = `${topic} ${anomalyOf(r) ?? "-"} ${r.payload}`;
    lines.set(r.key!, [...lines.get(r.key!) ?? [], line]);
  }
  return new Map([...lines].map(([channel, l]) => [channel, l.sort().join("\n")]));
}

/** The on-time rule recounted from the topics: per partition, in offset order. */
function ontimeRecount(all: readonly KcatRecord[]): string[] {
  const maxSeen = new Map<string, number>();
  const kept: Record<string, unknown>[] = [];
  for (const r of all) {
    const partition = `${r.topic}/${r.partition}`;
    const anomaly = anomalyOf(r);
    let value: Record<string, unknown> | undefined;
    try {
      value = JSON.parse(r.payload!);
    } catch {
      value = undefined;
    }
    const ts = typeof value?.timestamp === "string" ? Date.parse(value.timestamp) : NaN;
    const seen = maxSeen.get(partition) ?? -Infinity;
    if (anomaly !== "duplicate" && anomaly !== "malformed") {
      const windowLastMs = Math.floor(ts / 60_000) * 60_000 + 60_000 - 1;
      if (windowLastMs > seen - 10_000) kept.push(value!);
    }
    if (ts > seen) maxSeen.set(partition, ts);
  }
  return recountCsv(kept);
}

Deno.test("produce --workers 2 with disorder: the same anomalies on the same events, and both truths hold", async () => {
  const { bootstrap } = await testBroker();
  const one = { prefix: freshPrefix("dis1"), dir: await Deno.makeTempDir() };
  const two = { prefix: freshPrefix("dis2"), dir: await Deno.makeTempDir() };
  const single = await produce(bootstrap, one.prefix, [...ARGS, "--truth", one.dir]);
  assert.equal(single.code, 0, single.stderr);
  const multi = await produce(bootstrap, two.prefix, [
    ...ARGS,
    "--truth",
    two.dir,
    "--workers",
    "2",
  ]);
  assert.equal(multi.code, 0, multi.stderr);
  assert.match(multi.stderr, /2 workers connected/);

  // Per channel, the same records with the same anomalies (only their order may differ).
  const sentOne = sentByChannel(await records(bootstrap, one.prefix));
  const allTwo = await records(bootstrap, two.prefix);
  const sentTwo = sentByChannel(allTwo);
  assert.deepEqual([...sentTwo.keys()].sort(), [...sentOne.keys()].sort());
  for (const [channel, lines] of sentOne) {
    assert.ok(sentTwo.get(channel) === lines, `records of channel ${channel} differ`);
  }
  assert.ok(allTwo.some((r) => anomalyOf(r) === "late"));

  // The complete truth does not depend on the order; the manifest counts the same anomalies.
  const read = (dir: string, file: string) => Deno.readTextFileSync(`${dir}/${file}`);
  assert.ok(read(two.dir, "windows.csv") === read(one.dir, "windows.csv"));
  const manifest = (dir: string) => JSON.parse(read(dir, "manifest.json"));
  const [m1, m2] = [manifest(one.dir), manifest(two.dir)];
  const disorderOf = (m: { disorder: unknown }, prefix: string) =>
    JSON.parse(JSON.stringify(m.disorder).replaceAll(prefix, "telemetra"));
  assert.deepEqual(disorderOf(m2, two.prefix), disorderOf(m1, one.prefix));
  assert.equal(m2.events, m1.events);
  assert.equal(m2.records, allTwo.length);

  // The on-time truth is what each partition's order of records gives.
  const ontime = read(two.dir, "windows_ontime.csv").trimEnd().split("\n").slice(1);
  assert.ok(ontime.join("\n") === ontimeRecount(allTwo).join("\n"));
  assert.ok(
    ontime.join("\n") !== read(two.dir, "windows.csv").trimEnd().split("\n").slice(1).join("\n"),
  );

  // And the round-trip audit agrees with the topics.
  const audit = await runCli(["verify", "--truth", two.dir, "--kafka", "-b", bootstrap]);
  assert.equal(audit.code, 0, audit.stdout + audit.stderr);
  for (const run of [one, two]) await Deno.remove(run.dir, { recursive: true });
});
