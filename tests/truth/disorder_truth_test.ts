/**
 * Disorder with truth: late, duplicate and malformed records injected on purpose, and the truth
 * for a pipeline that waits for late data (windows.csv) and one that drops it
 * (windows_ontime.csv), recounted independently from what was sent, in send order.
 */
import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";
import { kcat } from "../support/broker.ts";
import { freshPrefix, produce, testBroker, topicsOf } from "../produce_kafka/support.ts";
import { recountCsv } from "./recount.ts";

interface Envelope {
  topic: string;
  key: string;
  headers?: Record<string, string>;
  value: Record<string, unknown> | string;
}

const DISORDER = ["--late", "5%:30s", "--duplicates", "1%", "--malformed", "0.5%"];
const BACKFILL = [
  "--start",
  "2025-10-16T00:00:00Z",
  "--until",
  "2025-10-16T00:40:00Z",
  "--rate",
  "20",
];

Deno.test("produce with disorder writes the complete truth and what a 10 s watermark keeps", async () => {
  const dir = await Deno.makeTempDir();
  const result = await runCli([
    "produce",
    "--stdout",
    "--envelope",
    ...BACKFILL,
    "--seed",
    "6",
    "--channels",
    "a,b,c",
    "--partitions",
    "1",
    ...DISORDER,
    "--truth",
    dir,
    "--truth-lateness",
    "10s",
  ]);
  assert.equal(result.code, 0, result.stderr);
  const sent = result.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Envelope);
  const anomaly = (e: Envelope) => e.headers?.["telemetra.anomaly"];
  const events = sent.filter((e) => anomaly(e) !== "duplicate" && anomaly(e) !== "malformed");
  assert.equal(events.length, 40 * 60 * 20);

  // Complete: each event once, late ones included, duplicates and malformed left out.
  const complete = Deno.readTextFileSync(`${dir}/windows.csv`).trimEnd().split("\n").slice(1);
  assert.deepEqual(complete, recountCsv(events.map((e) => e.value as Record<string, unknown>)));

  // On time with 10 s: per topic (one partition each), in send order, an event is dropped when
  // its window's last millisecond is at or before the largest timestamp sent before it on its
  // topic minus 10 s.
  const maxSeen = new Map<string, number>();
  const kept: Record<string, unknown>[] = [];
  let dropped = 0;
  for (const e of sent) {
    const value = e.value;
    const readable = typeof value === "object" && anomaly(e) !== "malformed" ||
      (anomaly(e) === "malformed" && e.headers?.event_type !== undefined);
    const ts = readable
      ? Date.parse((typeof value === "string" ? JSON.parse(value) : value).timestamp)
      : NaN;
    const seen = maxSeen.get(e.topic) ?? -Infinity;
    if (anomaly(e) !== "duplicate" && anomaly(e) !== "malformed") {
      const windowEnd = Math.floor(ts / 60_000) * 60_000 + 60_000;
      if (windowEnd - 1 > seen - 10_000) kept.push(value as Record<string, unknown>);
      else dropped++;
    }
    if (readable && ts > seen) maxSeen.set(e.topic, ts);
  }
  assert.ok(dropped > 50, `${dropped} dropped`);
  const ontime = Deno.readTextFileSync(`${dir}/windows_ontime.csv`).trimEnd().split("\n").slice(1);
  assert.deepEqual(ontime, recountCsv(kept));
  assert.notEqual(ontime.join("\n"), complete.join("\n"));
  // verify --ontime checks a pipeline's output against windows_ontime.csv.
  const output = `${dir}/pipeline.csv`;
  Deno.writeTextFileSync(output, Deno.readTextFileSync(`${dir}/windows_ontime.csv`));
  assert.equal((await runCli(["verify", "--truth", dir, "--ontime", output])).code, 0);
  assert.equal((await runCli(["verify", "--truth", dir, output])).code, 1);

  // The manifest counts what was injected, per kind and topic, and the largest delay used.
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  for (const kind of ["late", "duplicate", "malformed"]) {
    const byTopic: Record<string, number> = {};
    for (const e of sent) if (anomaly(e) === kind) byTopic[e.topic] = (byTopic[e.topic] ?? 0) + 1;
    assert.deepEqual(manifest.disorder.acknowledged[kind], byTopic, kind);
  }
  assert.ok(manifest.disorder.maxLateMs <= 30_000 && manifest.disorder.maxLateMs > 25_000);
  assert.equal(manifest.events, events.length);
  assert.equal(manifest.records, sent.length);
  const summary =
    /Summary: generated 48000, delivered (\d+), failed 0, undelivered 0 .*\| injected (\d+) records/
      .exec(result.stderr);
  assert.ok(summary !== null, result.stderr);
  assert.equal(Number(summary[1]), 48000 + Number(summary[2]));
  assert.equal(Number(summary[1]), sent.length);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("injected records carry the telemetra.anomaly header in Kafka, values untouched", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("disorder");
  const topics = topicsOf(prefix);
  const dir = await Deno.makeTempDir();
  const result = await produce(bootstrap, prefix, [
    ...BACKFILL,
    "--seed",
    "7",
    "--channels",
    "a,b",
    ...DISORDER,
    "--truth",
    dir,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const read = await kcat([
    "-C",
    "-b",
    bootstrap,
    "-t",
    topics.chat,
    "-e",
    "-q",
    "-f",
    "%h\\t%s\\n",
  ]);
  const lines = read.stdout.trimEnd().split("\n");
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const m = /telemetra\.anomaly=(\w+)/.exec(line.split("\t")[0]!);
    if (m) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  }
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  for (const kind of ["late", "duplicate", "malformed"]) {
    assert.equal(counts[kind], manifest.disorder.acknowledged[kind][topics.chat], kind);
  }
  const late = lines.find((l) => l.includes("telemetra.anomaly=late"))!;
  assert.ok(
    JSON.parse(late.split("\t")[1]!).message_id,
    "a late record's value is the event itself",
  );
  await Deno.remove(dir, { recursive: true });
});
