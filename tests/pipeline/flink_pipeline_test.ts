/**
 * The whole loop with real parts: a 2-hour backfill of 3 channels produced with the CLI (and its
 * truth) into a real broker, the Flink SQL job of examples/flink-pipeline (a local MiniCluster)
 * reading it, its per-minute windows in a real PostgreSQL, and `verify` comparing them with the
 * truth; the events read back with kcat check the table independently of the truth.
 * Slow (each job ≈ 15 s, most of it Flink's start-up): `tools/deno task test:pipeline`.
 */
import assert from "node:assert/strict";
import { testBroker } from "../support/broker.ts";
import { runCli } from "../support/cli.ts";
import {
  type Backfill,
  exportCsv,
  produceBackfill,
  readBackfill,
  runFlinkJob,
  WINDOW_COLUMNS,
  windowsQuery,
} from "../support/pipeline.ts";
import { type Postgres, startPostgres } from "../support/postgres.ts";
import { freePorts } from "../../tools/kafka/processes.ts";

interface Shared {
  readonly bootstrap: string;
  readonly backfill: Backfill;
  /** The truth produce wrote for the backfill. */
  readonly truthDir: string;
}

let shared: Promise<Shared> | undefined;

/** One backfill for the file: producing it takes ≈ 10 s. */
function sharedBackfill(): Promise<Shared> {
  shared ??= (async () => {
    const { bootstrap } = await testBroker();
    const truthDir = await Deno.makeTempDir({ prefix: "telemetra-truth-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(truthDir, { recursive: true }));
    const backfill = await produceBackfill(bootstrap, { extraArgs: ["--truth", truthDir] });
    return { bootstrap, backfill, truthDir };
  })();
  return shared;
}

/** `telemetra-mock verify --truth DIR ACTUAL [args]`: exit code and report. */
function verify(truthDir: string, actual: string, ...args: string[]) {
  return runCli(["verify", "--truth", truthDir, actual, ...args]);
}

/** verify against the table itself, the way a user would query it. */
function verifyTable(truthDir: string, pg: Postgres, table: string) {
  return verify(truthDir, pg.url, "--query", `SELECT * FROM ${table}`);
}

/** `2025-10-16T10:30:59.150000Z` → `2025-10-16T10:30:00Z`, the start of its 1-minute window. */
function minuteOf(timestamp: string): string {
  return `${timestamp.slice(0, 16)}:00Z`;
}

type Row = Record<(typeof WINDOW_COLUMNS)[number], string>;

function asRows(rows: string[][]): Row[] {
  return rows.map((row) =>
    Object.fromEntries(WINDOW_COLUMNS.map((column, i) => [column, row[i]])) as Row
  );
}

function sum(rows: readonly Row[], column: keyof Row): number {
  return rows.reduce((total, row) => total + Number(row[column]), 0);
}

Deno.test("the Flink job writes one row per minute and channel with an event, its counts add up to the events in Kafka, and verify finds the table and its CSV export match the truth", async () => {
  const { bootstrap, backfill, truthDir } = await sharedBackfill();
  await using pg = await startPostgres();

  const job = await runFlinkJob({
    bootstrap,
    jdbcUrl: pg.jdbcUrl,
    table: "windows",
    topicPrefix: backfill.topicPrefix,
  });
  assert.equal(job.code, 0, job.stderr);
  assert.match(job.stdout, /: windows holds \d+ windows; telemetra_dead_letters holds 0 records$/m);

  const events = await readBackfill(bootstrap, backfill);
  const all = Object.values(events).flat();
  assert.equal(all.length, 144_000);
  const expectedKeys = new Set(
    all.map((event) => `${minuteOf(String(event.timestamp))} ${event.channel}`),
  );
  const rows = asRows(await pg.rows(windowsQuery("windows")));

  assert.equal(rows.length, expectedKeys.size);
  assert.deepEqual(
    new Set(rows.map((row) => `${row.window_start} ${row.channel}`)),
    expectedKeys,
  );
  assert.equal(sum(rows, "chat_messages"), events.chat.length);
  assert.equal(sum(rows, "viewer_samples"), events.viewer.length);
  assert.equal(sum(rows, "transactions"), events.transaction.length);
  const bits = events.chat.reduce((total, chat) => total + Number(chat.bits), 0);
  assert.ok(bits > 0);
  assert.equal(sum(rows, "chat_bits"), bits);

  const checked = await verifyTable(truthDir, pg, "windows");
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, new RegExp(`: all ${rows.length} windows match\n$`));

  const csv = await Deno.makeTempFile({ prefix: "telemetra-windows-", suffix: ".csv" });
  try {
    await Deno.writeTextFile(csv, await exportCsv(pg, "windows"));
    const fromCsv = await verify(truthDir, csv);
    assert.equal(fromCsv.code, 0, fromCsv.stdout + fromCsv.stderr);
    assert.match(fromCsv.stdout, new RegExp(`: all ${rows.length} windows match\n$`));
  } finally {
    await Deno.remove(csv);
  }
});

Deno.test("verify catches the integer-viewer-avg variant in viewer_avg alone, and passes the correct job re-run into the same table", async () => {
  const { bootstrap, backfill, truthDir } = await sharedBackfill();
  await using pg = await startPostgres();
  const options = {
    bootstrap,
    jdbcUrl: pg.jdbcUrl,
    table: "windows",
    topicPrefix: backfill.topicPrefix,
  };

  const wrong = await runFlinkJob({ ...options, variant: "integer-viewer-avg" });
  assert.equal(wrong.code, 0, wrong.stderr);
  const [[windows]] = await pg.rows("SELECT count(*) FROM windows");
  const caught = await verifyTable(truthDir, pg, "windows");
  assert.equal(caught.code, 1, caught.stdout + caught.stderr);
  const differing = /: 0 missing, 0 extra, (\d+) differing values \(viewer_avg (\d+)\)\n/.exec(
    caught.stdout,
  );
  assert.ok(differing, caught.stdout);
  assert.equal(differing[1], differing[2]);
  assert.ok(Number(differing[2]) > Number(windows) / 2, `${differing[2]} of ${windows} differ`);
  assert.match(caught.stdout, /\bviewer_avg\s+\d+\.\d\d\s+\d+\.00\b/);

  // The primary key makes the JDBC sink update the rows: the right answers replace the wrong.
  const right = await runFlinkJob({ ...options, variant: "correct" });
  assert.equal(right.code, 0, right.stderr);
  assert.deepEqual(await pg.rows("SELECT count(*) FROM windows"), [[windows]]);
  const passed = await verifyTable(truthDir, pg, "windows");
  assert.equal(passed.code, 0, passed.stdout + passed.stderr);
});

Deno.test("the Flink job with no Kafka to reach exits 1 within 30 s with one error line, before touching PostgreSQL", async () => {
  // Nothing listens on this port; nor on PostgreSQL's, which the job must not get to.
  const [kafkaPort, postgresPort] = freePorts(2);
  const bootstrap = `127.0.0.1:${kafkaPort}`;
  const job = await runFlinkJob({
    bootstrap,
    jdbcUrl: `jdbc:postgresql://127.0.0.1:${postgresPort}/postgres?user=postgres`,
    timeoutMs: 60_000,
  });
  assert.equal(job.code, 1, job.stderr);
  assert.ok(job.wallMs < 30_000, `took ${job.wallMs} ms`);
  const lines = job.stderr.trim().split("\n");
  assert.equal(lines.length, 1, job.stderr);
  assert.match(lines[0]!, new RegExp(`^error: cannot reach Kafka at ${bootstrap} within 15 s: `));
});
