/**
 * The whole loop with real parts: a 2-hour backfill of 3 channels produced with the CLI into a
 * real broker, the Flink SQL job of examples/flink-pipeline (a local MiniCluster) reading it, and
 * its per-minute windows in a real PostgreSQL, checked against the events read back with kcat.
 * Slow (each job ≈ 15 s, most of it Flink's start-up): `deno task test:pipeline`.
 */
import assert from "node:assert/strict";
import { testBroker } from "../support/broker.ts";
import {
  type Backfill,
  produceBackfill,
  readBackfill,
  runFlinkJob,
  WINDOW_COLUMNS,
  windowsQuery,
} from "../support/pipeline.ts";
import { startPostgres } from "../support/postgres.ts";

let backfill: Promise<Backfill> | undefined;

/** One backfill for the file: producing it takes ≈ 10 s. */
async function sharedBackfill(): Promise<{ bootstrap: string; backfill: Backfill }> {
  const { bootstrap } = await testBroker();
  backfill ??= produceBackfill(bootstrap);
  return { bootstrap, backfill: await backfill };
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

Deno.test("the Flink job writes one row per minute and channel with an event, and its counts add up to the events in Kafka", async () => {
  const { bootstrap, backfill } = await sharedBackfill();
  await using pg = await startPostgres();

  const job = await runFlinkJob({
    bootstrap,
    jdbcUrl: pg.jdbcUrl,
    table: "windows",
    topicPrefix: backfill.topicPrefix,
  });
  assert.equal(job.code, 0, job.stderr);
  assert.match(job.stdout, /: windows holds \d+ windows$/m);

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
});

Deno.test("the integer-viewer-avg variant gets viewer_avg wrong and every other column right, and a re-run upserts", async () => {
  const { bootstrap, backfill } = await sharedBackfill();
  await using pg = await startPostgres();
  const options = {
    bootstrap,
    jdbcUrl: pg.jdbcUrl,
    table: "windows",
    topicPrefix: backfill.topicPrefix,
  };

  const wrong = await runFlinkJob({ ...options, variant: "integer-viewer-avg" });
  assert.equal(wrong.code, 0, wrong.stderr);
  await pg.psql("CREATE TABLE wrong AS SELECT * FROM windows");

  // Into the same table: the primary key makes the JDBC sink update the rows.
  const right = await runFlinkJob({ ...options, variant: "correct" });
  assert.equal(right.code, 0, right.stderr);

  const [[windows, wrongRows, differing, otherColumnsDiffer]] = await pg.rows(`
    SELECT (SELECT count(*) FROM windows), (SELECT count(*) FROM wrong),
      count(*) FILTER (WHERE w.viewer_avg IS DISTINCT FROM r.viewer_avg),
      count(*) FILTER (WHERE (w.chat_messages, w.unique_chatters, w.chat_bits, w.viewer_samples,
          w.viewer_max, w.transactions, w.revenue_usd)
        IS DISTINCT FROM (r.chat_messages, r.unique_chatters, r.chat_bits, r.viewer_samples,
          r.viewer_max, r.transactions, r.revenue_usd))
    FROM windows r JOIN wrong w USING (window_start, channel)`);
  assert.equal(windows, wrongRows);
  assert.ok(Number(differing) > Number(windows) / 2, `${differing} of ${windows} differ`);
  assert.equal(otherColumnsDiffer, "0");
  // The right averages are not whole numbers; the wrong ones always are.
  const [[fractional]] = await pg.rows(
    "SELECT count(*) FROM windows WHERE viewer_avg <> trunc(viewer_avg)",
  );
  assert.ok(Number(fractional) > 0);
  const [[wrongFractional]] = await pg.rows(
    "SELECT count(*) FROM wrong WHERE viewer_avg <> trunc(viewer_avg)",
  );
  assert.equal(wrongFractional, "0");
});
