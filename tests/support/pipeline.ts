/**
 * The parts of an end-to-end pipeline test: a backfill in Kafka (topics that keep it, produced
 * with the CLI), the Flink job of examples/flink-pipeline into a PostgreSQL table, and the events
 * read back with kcat to check the table against.
 *
 * ```ts
 * const broker = await testBroker();
 * const backfill = await produceBackfill(broker.bootstrap, { extraArgs: ["--truth", dir] });
 * await using pg = await startPostgres();
 * const job = await runFlinkJob({
 *   bootstrap: broker.bootstrap,
 *   jdbcUrl: pg.jdbcUrl,
 *   table: "windows",
 *   topicPrefix: backfill.topicPrefix,
 * });
 * await pg.rows(windowsQuery("windows")); // the columns of windows.csv, as text
 * ```
 */

import { TRUTH_COLUMNS } from "../../src/truth/windows.ts";
import type { EventKind } from "../../src/generator/types.ts";
import { EVENT_KINDS, TOPIC_SUFFIX } from "../../src/generator/event_kinds.ts";
import { freshTopic, kafkaTool } from "./clients.ts";
import { type CliResult, runCli } from "./cli.ts";
import { kcatLines } from "./kcat.ts";
import type { Postgres } from "./postgres.ts";

export {
  FLINK_DEDUP,
  FLINK_VARIANTS,
  type FlinkDedup,
  type FlinkJobOptions,
  type FlinkJobResult,
  type FlinkVariant,
  runFlinkJob,
  startFlinkJob,
} from "../../tools/flink/flink_job.ts";

/** The columns of the job's table: those of the truth's windows.csv, in that order. */
export const WINDOW_COLUMNS = TRUTH_COLUMNS;

export interface BackfillOptions {
  readonly channels?: readonly string[];
  readonly seed?: number;
  /** Events per second of event time, over all channels. */
  readonly rate?: number;
  readonly start?: string;
  readonly until?: string;
  /** Partitions of each topic; 3 by default. */
  readonly partitions?: number;
  /** More produce arguments, e.g. `["--truth", dir]`. */
  readonly extraArgs?: readonly string[];
}

/** Two hours of three channels at 20 events/s: 144,000 events. */
export const DEFAULT_BACKFILL = {
  channels: ["alpha", "bravo", "charlie"],
  seed: 16,
  rate: 20,
  start: "2025-10-16T10:00:00Z",
  until: "2025-10-16T12:00:00Z",
} as const;

export interface Backfill {
  /** Prefix of this backfill's four topics, unique to the test run (`pipeline-<run>-<n>.`). */
  readonly topicPrefix: string;
  readonly topics: Readonly<Record<EventKind, string>>;
  /** produce's exit code and output. */
  readonly produce: CliResult;
}

/**
 * Creates the four topics under a fresh prefix with `retention.ms=-1` (records stamped in 2025
 * are older than the default 7 days and would be deleted at once, leaving a pipeline 0 rows),
 * then produces the backfill into them with the CLI. Throws when produce fails.
 */
export async function produceBackfill(
  bootstrap: string,
  options: BackfillOptions = {},
): Promise<Backfill> {
  const settings = { ...DEFAULT_BACKFILL, ...options };
  const topicPrefix = `${freshTopic("pipeline")}.`;
  const topics = Object.fromEntries(
    EVENT_KINDS.map((kind) => [kind, topicPrefix + TOPIC_SUFFIX[kind]]),
  ) as Record<EventKind, string>;
  await Promise.all(
    Object.values(topics).map((topic) =>
      createTopicThatKeeps(bootstrap, topic, options.partitions ?? 3)
    ),
  );
  const produce = await runCli([
    "produce",
    "--bootstrap-server",
    bootstrap,
    "--topic-prefix",
    topicPrefix,
    "--channels",
    settings.channels.join(","),
    "--seed",
    String(settings.seed),
    "--rate",
    String(settings.rate),
    "--start",
    settings.start,
    "--until",
    settings.until,
    "--no-progress",
    ...(options.extraArgs ?? []),
  ], { timeoutMs: 300_000 });
  if (produce.code !== 0) {
    throw new Error(`produce exited ${produce.code}:\n${produce.stderr.slice(-2000)}`);
  }
  return { topicPrefix, topics, produce };
}

/** A topic of `partitions` partitions whose records are never deleted for their age. */
export async function createTopicThatKeeps(
  bootstrap: string,
  topic: string,
  partitions = 3,
): Promise<void> {
  const { code, stdout, stderr } = await kafkaTool([
    "topics",
    "--bootstrap-server",
    bootstrap,
    "--create",
    "--topic",
    topic,
    "--partitions",
    String(partitions),
    "--replication-factor",
    "1",
    "--config",
    "retention.ms=-1",
  ]);
  if (code !== 0) throw new Error(`creating ${topic} failed (exit ${code}): ${stderr}${stdout}`);
}

/** Every event value of each of the backfill's topics, read back with kcat. */
export async function readBackfill(
  bootstrap: string,
  backfill: Backfill,
): Promise<Record<EventKind, Record<string, unknown>[]>> {
  const read = await Promise.all(
    EVENT_KINDS.map(async (kind) =>
      [
        kind,
        (await kcatLines(bootstrap, backfill.topics[kind])).map((line) => JSON.parse(line)),
      ] as const
    ),
  );
  return Object.fromEntries(read) as Record<EventKind, Record<string, unknown>[]>;
}

/**
 * The job's table as the truth's windows.csv has it: window_start as `2025-10-16T10:30:00Z`,
 * the other columns as they are, sorted by window_start then channel. For `verify --query`.
 */
export function windowsQuery(table: string): string {
  const columns = WINDOW_COLUMNS.map((column) =>
    column === "window_start"
      ? `to_char(window_start, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS window_start`
      : column
  );
  return `SELECT ${columns.join(", ")} FROM ${table} ORDER BY window_start, channel`;
}

/** The job's table exported as CSV with a header line (psql's `\copy … TO STDOUT`). */
export function exportCsv(pg: Postgres, table: string): Promise<string> {
  return pg.psql(`\\copy (${windowsQuery(table)}) TO STDOUT WITH (FORMAT csv, HEADER)`);
}
