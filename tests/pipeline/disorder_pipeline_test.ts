/**
 * Disorder with its truth, proven with the real pipeline: a 2-hour backfill with late (5 %, up to
 * 30 s), duplicate (1 %) and malformed (0.1 %) records in one-partition topics of a real broker,
 * the Flink SQL job of examples/flink-pipeline reading it into a real PostgreSQL, and `verify`
 * comparing its windows with windows.csv (every event once) and windows_ontime.csv (what a 10 s
 * watermark keeps). Slow (each job ≈ 20 s): `tools/deno task test:pipeline`.
 */
import assert from "node:assert/strict";
import { testBroker } from "../support/broker.ts";
import { runCli } from "../support/cli.ts";
import {
  type Backfill,
  type FlinkJobOptions,
  type FlinkJobResult,
  produceBackfill,
  runFlinkJob,
  windowsQuery,
} from "../support/pipeline.ts";
import { type Postgres, startPostgres } from "../support/postgres.ts";

/** What manifest.json says about the disorder (counts per topic). */
interface Disorder {
  readonly late: number;
  readonly duplicate: number;
  readonly malformed: number;
  readonly malformedByKind: Readonly<Record<string, number>>;
  readonly acknowledged: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

interface Shared {
  readonly bootstrap: string;
  readonly backfill: Backfill;
  /** The truth produce wrote: windows.csv, windows_ontime.csv, manifest.json. */
  readonly truthDir: string;
  /** windows_ontime.csv as the windows.csv of a dir of its own, with the manifest: for verify. */
  readonly ontimeDir: string;
  readonly disorder: Disorder;
}

let shared: Promise<Shared> | undefined;

/** One backfill for the file: producing it takes ≈ 10 s. */
function sharedBackfill(): Promise<Shared> {
  shared ??= (async () => {
    const { bootstrap } = await testBroker();
    const truthDir = await Deno.makeTempDir({ prefix: "telemetra-truth-" });
    const ontimeDir = await Deno.makeTempDir({ prefix: "telemetra-ontime-" });
    globalThis.addEventListener("unload", () => {
      Deno.removeSync(truthDir, { recursive: true });
      Deno.removeSync(ontimeDir, { recursive: true });
    });
    // One partition per topic: the on-time truth follows each partition's order, and a Flink
    // source reading several partitions holds one watermark for them all, their minimum.
    const backfill = await produceBackfill(bootstrap, {
      partitions: 1,
      extraArgs: [
        "--late",
        "5%:30s",
        "--duplicates",
        "1%",
        "--malformed",
        "0.1%",
        "--truth",
        truthDir,
        "--truth-lateness",
        "10s",
      ],
    });
    await Deno.copyFile(`${truthDir}/windows_ontime.csv`, `${ontimeDir}/windows.csv`);
    await Deno.copyFile(`${truthDir}/manifest.json`, `${ontimeDir}/manifest.json`);
    const manifest = JSON.parse(await Deno.readTextFile(`${truthDir}/manifest.json`));
    return { bootstrap, backfill, truthDir, ontimeDir, disorder: manifest.disorder };
  })();
  return shared;
}

/** The job into `windows` and `dead_letters`; fails the test unless it exits 0. */
async function runJob(
  { bootstrap, backfill }: Shared,
  pg: Postgres,
  options: Pick<FlinkJobOptions, "watermark" | "dedup">,
): Promise<FlinkJobResult> {
  const job = await runFlinkJob({
    bootstrap,
    jdbcUrl: pg.jdbcUrl,
    table: "windows",
    deadLetterTable: "dead_letters",
    topicPrefix: backfill.topicPrefix,
    ...options,
  });
  assert.equal(job.code, 0, job.stderr);
  assert.match(job.stdout, /: windows holds \d+ windows; dead_letters holds \d+ records$/m);
  return job;
}

/** `telemetra-mock verify --truth DIR` against the job's table, the way a user would query it. */
function verifyTable(truthDir: string, pg: Postgres, ...args: string[]) {
  return runCli([
    "verify",
    "--truth",
    truthDir,
    pg.url,
    "--query",
    windowsQuery("windows"),
    ...args,
  ]);
}

/** A truth CSV as `window_start channel` → the rest of its line. */
async function truthRows(path: string): Promise<Map<string, string>> {
  const lines = (await Deno.readTextFile(path)).trimEnd().split("\n").slice(1);
  return new Map(lines.map((line) => {
    const [start, channel, ...values] = line.split(",");
    return [`${start} ${channel}`, values.join(",")];
  }));
}

/** The sum of a count column of a truth CSV. */
async function truthSum(path: string, column: string): Promise<number> {
  const [header, ...lines] = (await Deno.readTextFile(path)).trimEnd().split("\n");
  const index = header.split(",").indexOf(column);
  assert.ok(index >= 0, `${column} is not a column of ${path}`);
  return lines.reduce((total, line) => total + Number(line.split(",")[index]), 0);
}

/** Records per topic of one anomaly, as the manifest counts them: `chat` → n. */
function perTopic(disorder: Disorder, backfill: Backfill, anomaly: string): Map<string, number> {
  return new Map(
    Object.entries(disorder.acknowledged[anomaly] ?? {}).map((
      [topic, n],
    ) => [topic.slice(backfill.topicPrefix.length), n]),
  );
}

Deno.test("with a 40 s watermark and deduplication by id the job's windows match the complete truth, late events included, and its dead letters are exactly the malformed records", async () => {
  const state = await sharedBackfill();
  const { truthDir, disorder, backfill } = state;
  assert.ok(disorder.late > 5000 && disorder.duplicate > 1000 && disorder.malformed > 100);
  assert.ok(disorder.malformedByKind["wrong-header"] > 0, JSON.stringify(disorder));
  await using pg = await startPostgres();

  await runJob(state, pg, { watermark: "40s", dedup: "id" });

  const checked = await verifyTable(truthDir, pg);
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /: all \d+ windows match\n$/);

  const byTopic = await pg.rows("SELECT topic, count(*) FROM dead_letters GROUP BY topic");
  assert.deepEqual(
    new Map(byTopic.map(([topic, n]) => [topic.slice(backfill.topicPrefix.length), Number(n)])),
    perTopic(disorder, backfill, "malformed"),
  );
  // Decided without the anomaly header, yet every dead letter is one the producer injected, each
  // for the reason its kind implies.
  assert.deepEqual(await pg.rows("SELECT DISTINCT anomaly FROM dead_letters"), [["malformed"]]);
  const byReason = new Map(
    (await pg.rows("SELECT reason, count(*) FROM dead_letters GROUP BY reason"))
      .map(([reason, n]) => [reason, Number(n)]),
  );
  const kinds = disorder.malformedByKind;
  assert.deepEqual(
    byReason,
    new Map([
      ["not a JSON object", kinds["not-json"] + kinds["truncated-json"]],
      ["no readable timestamp", kinds["schema-violation"]],
      ["wrong event_type header", kinds["wrong-header"]],
    ]),
  );
});

Deno.test("with a 10 s watermark the job matches windows_ontime.csv exactly, and verify against the complete truth exits 1 on exactly the windows that lost late events, each short of events", async () => {
  const state = await sharedBackfill();
  const { truthDir, ontimeDir } = state;
  await using pg = await startPostgres();

  await runJob(state, pg, { watermark: "10s", dedup: "id" });

  const ontime = await verifyTable(ontimeDir, pg);
  assert.equal(ontime.code, 0, ontime.stdout + ontime.stderr);
  assert.match(ontime.stdout, /: all \d+ windows match\n$/);

  const complete = await verifyTable(truthDir, pg, "--format", "json");
  assert.equal(complete.code, 1, complete.stdout + complete.stderr);
  const report = JSON.parse(complete.stdout);
  const all = await truthRows(`${truthDir}/windows.csv`);
  const kept = await truthRows(`${truthDir}/windows_ontime.csv`);
  const lost = [...all].filter(([key, values]) => kept.get(key) !== values).map(([key]) => key);
  assert.ok(lost.length > 100, `${lost.length} windows lost late events`);
  assert.equal(report.missing, lost.filter((key) => !kept.has(key)).length);
  assert.equal(report.extra, 0);
  const differing = report.mismatches.filter((m: { kind: string }) => m.kind !== "missing");
  assert.deepEqual(
    new Set(
      differing.map((m: { windowStart: string; channel: string }) =>
        `${m.windowStart} ${m.channel}`
      ),
    ),
    new Set(lost.filter((key) => kept.has(key))),
  );
  const counts = ["chat_messages", "viewer_samples", "transactions"];
  for (const m of differing.filter((m: { column: string }) => counts.includes(m.column))) {
    assert.ok(Number(m.actual) < Number(m.expected), JSON.stringify(m));
  }
});

Deno.test("without deduplication the job counts every duplicate the manifest lists once more, and verify exits 1", async () => {
  const state = await sharedBackfill();
  const { truthDir, disorder, backfill } = state;
  await using pg = await startPostgres();

  await runJob(state, pg, { watermark: "40s", dedup: "none" });

  const checked = await verifyTable(truthDir, pg);
  assert.equal(checked.code, 1, checked.stdout + checked.stderr);
  const duplicates = perTopic(disorder, backfill, "duplicate");
  const [[chat, viewer, transactions]] = await pg.rows(
    "SELECT sum(chat_messages), sum(viewer_samples), sum(transactions) FROM windows",
  );
  const truth = `${truthDir}/windows.csv`;
  assert.equal(Number(chat) - await truthSum(truth, "chat_messages"), duplicates.get("chat"));
  assert.equal(Number(viewer) - await truthSum(truth, "viewer_samples"), duplicates.get("viewer"));
  assert.equal(
    Number(transactions) - await truthSum(truth, "transactions"),
    duplicates.get("transactions"),
  );
});
