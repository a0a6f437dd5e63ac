/**
 * `produce --truth DIR`: the truth of a run, checked against an independent recount of what
 * was produced (stdout) or read back from Kafka (kcat), and a SHA-256 from Python's hashlib.
 */
import assert from "node:assert/strict";
import { kcatLines } from "../support/kcat.ts";
import { runCli } from "../support/cli.ts";
import { python } from "../support/broker.ts";
import { freshPrefix, produce, testBroker, topicsOf } from "../produce_kafka/support.ts";
import { recountCsv } from "./recount.ts";

const BACKFILL = ["--start", "2025-10-16T00:00:00Z", "--until", "2025-10-16T00:30:00Z"];

function readTruth(dir: string): { lines: string[]; manifest: Record<string, unknown> } {
  const [header, ...lines] = Deno.readTextFileSync(`${dir}/windows.csv`).trimEnd().split("\n");
  assert.match(header!, /^window_start,channel,chat_messages,/);
  return { lines, manifest: JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`)) };
}

Deno.test("produce --stdout --truth writes the windows an independent recount of the output gives", async () => {
  const dir = await Deno.makeTempDir();
  const result = await runCli([
    "produce",
    "--stdout",
    ...BACKFILL,
    "--rate",
    "20",
    "--seed",
    "3",
    "--channels",
    "a,b,c",
    "--truth",
    `${dir}/truth`,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split("\n");
  const values = lines.map((l) => JSON.parse(l));
  const { lines: rows, manifest } = readTruth(`${dir}/truth`);
  assert.deepEqual(rows, recountCsv(values));
  assert.equal(rows.length, 30 * 3);
  assert.equal(manifest.complete, true);
  assert.equal(manifest.events, lines.length);
  assert.equal(manifest.seed, 3);
  assert.equal(manifest.firstEventTime, "2025-10-16T00:00:00.000000Z");
  // SHA-256 per topic over the values in send order, each followed by a newline (hashlib).
  const byTopic = manifest.byTopic as Record<string, { records: number; sha256: string }>;
  const chat = lines.filter((l) => l.startsWith('{"message_id"')).join("\n") + "\n";
  const digest = await python(
    "import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())",
    [],
    chat,
  );
  assert.equal(byTopic["telemetra.events.chat"]!.sha256, digest.stdout.trim());
  assert.equal(byTopic["telemetra.events.chat"]!.records, chat.split("\n").length - 1);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("produce --truth into a directory that cannot be written exits 5 before producing", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/file`, "not a directory");
  const result = await runCli([
    "produce",
    "--stdout",
    "--count",
    "10",
    "--truth",
    `${dir}/file/truth`,
  ]);
  assert.equal(result.code, 5, result.stderr);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /error: --truth .*\/file\/truth: cannot write there/);
  assert.equal(result.stderr.split("\n").filter((l) => l.startsWith("error:")).length, 1);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("produce --truth counts what Kafka acknowledged: the recount of the topics read back with kcat", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("truth");
  const topics = topicsOf(prefix);
  const dir = await Deno.makeTempDir();
  const result = await produce(bootstrap, prefix, [
    ...BACKFILL,
    "--rate",
    "20",
    "--seed",
    "4",
    "--channels",
    "a,b,c",
    "--truth",
    dir,
    "--truth-window",
    "5m",
  ]);
  assert.equal(result.code, 0, result.stderr);
  const values = (await Promise.all(Object.values(topics).map((t) => kcatLines(bootstrap, t))))
    .flat().map((l) => JSON.parse(l));
  assert.equal(values.length, 30 * 60 * 20);
  const { lines, manifest } = readTruth(dir);
  assert.deepEqual(lines, recountCsv(values, 300));
  assert.equal(manifest.windowSeconds, 300);
  assert.equal(manifest.notAcknowledged, 0);
  const byTopic = manifest.byTopic as Record<string, { records: number }>;
  for (const topic of Object.values(topics)) {
    assert.equal(byTopic[topic]!.records, (await kcatLines(bootstrap, topic)).length, topic);
  }
  await Deno.remove(dir, { recursive: true });
});
