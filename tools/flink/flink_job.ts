/**
 * The Flink SQL job of examples/flink-pipeline, built by tools/flink/build.sh into
 * .cache/flink/lib and run as a local MiniCluster in one JVM.
 *
 * ```ts
 * const { code, stdout } = await runFlinkJob({ bootstrap, jdbcUrl: pg.jdbcUrl, table: "windows" });
 * ```
 *
 * Each run leaves a ≈ 21 MB jar and a `minicluster_*` folder in the Java temp dir, so every run
 * gets a temp dir of its own under .cache/flink/tmp, removed when it ends; dirs of runs whose
 * process died are removed by the next run.
 */

import { repoRoot } from "../kafka/jars.ts";
import { isAlive } from "../kafka/processes.ts";

const here = new URL(".", import.meta.url).pathname;
const BUILD_SCRIPT = `${here}build.sh`;
const TMP_ROOT = `${repoRoot}/.cache/flink/tmp`;
const MAIN_CLASS = "telemetra.pipeline.FlinkPipeline";

/** The job's variants: the right one and the deliberately wrong ones (sql/variants/). */
export const FLINK_VARIANTS = ["correct", "integer-viewer-avg"] as const;
export type FlinkVariant = typeof FLINK_VARIANTS[number];

/** Deduplication: the first copy of each event id (sql/dedup/id.sql), or every copy. */
export const FLINK_DEDUP = ["id", "none"] as const;
export type FlinkDedup = typeof FLINK_DEDUP[number];

/**
 * -Xmx512m is enough for a 2-hour, 3-channel backfill; UTC so the JDBC driver writes window
 * starts as they are, whatever the machine's time zone.
 */
export const FLINK_JVM_FLAGS: readonly string[] = [
  "-Xmx512m",
  "-XX:+ExitOnOutOfMemoryError",
  "-Djava.awt.headless=true",
  "-Duser.timezone=UTC",
];

export interface FlinkJobOptions {
  /** Kafka bootstrap servers, `host:port[,host:port]`. */
  readonly bootstrap: string;
  /** `jdbc:postgresql://HOST:PORT/DB?user=USER`. */
  readonly jdbcUrl: string;
  /** The PostgreSQL table, created when missing; `telemetra_windows` by default. */
  readonly table?: string;
  readonly variant?: FlinkVariant;
  /** How far the watermark stays behind the largest event time seen, e.g. `40s`; `5s` by default. */
  readonly watermark?: string;
  /** `id` by default. */
  readonly dedup?: FlinkDedup;
  /** The PostgreSQL table of the records the job leaves out; `telemetra_dead_letters` by default. */
  readonly deadLetterTable?: string;
  /** Prefix of the four topic names; `telemetra.events.` by default. */
  readonly topicPrefix?: string;
  /** SIGKILL after this long; 5 minutes by default. */
  readonly timeoutMs?: number;
}

export interface FlinkJobResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

export interface FlinkJob {
  /** The JVM's pid, e.g. to sample its memory. */
  readonly pid: number;
  /** Its exit code and output once it ended; its temp dir is gone by then. */
  finished(): Promise<FlinkJobResult>;
}

/** Builds the job the first time (or after a change) and returns the lib dir. */
export async function ensureFlinkJob(): Promise<string> {
  const { code, stdout } = await new Deno.Command("bash", {
    args: [BUILD_SCRIPT],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    throw new Error(`could not build the Flink job (tools/flink/build.sh exit ${code})`);
  }
  return new TextDecoder().decode(stdout).trim();
}

/** The launcher's arguments for `options`. */
export function flinkJobArgs(options: FlinkJobOptions): string[] {
  return [
    "--bootstrap-server",
    options.bootstrap,
    "--jdbc-url",
    options.jdbcUrl,
    ...(options.table === undefined ? [] : ["--table", options.table]),
    ...(options.variant === undefined ? [] : ["--variant", options.variant]),
    ...(options.watermark === undefined ? [] : ["--watermark", options.watermark]),
    ...(options.dedup === undefined ? [] : ["--dedup", options.dedup]),
    ...(options.deadLetterTable === undefined
      ? []
      : ["--dead-letter-table", options.deadLetterTable]),
    ...(options.topicPrefix === undefined ? [] : ["--topic-prefix", options.topicPrefix]),
  ];
}

/** Starts the job (building it first when needed) with piped output. */
export async function startFlinkJob(options: FlinkJobOptions): Promise<FlinkJob> {
  return await spawnJob(flinkJobArgs(options), "piped", options.timeoutMs ?? 300_000);
}

/** Runs the job to its end. */
export async function runFlinkJob(options: FlinkJobOptions): Promise<FlinkJobResult> {
  return await (await startFlinkJob(options)).finished();
}

/**
 * Runs the launcher with `args` as given (`--help` included), its output on ours; for the
 * `deno task flink-job` command. Returns its exit code.
 */
export async function runFlinkLauncher(args: readonly string[]): Promise<number> {
  const job = await spawnJob(args, "inherit", undefined);
  return (await job.finished()).code;
}

async function spawnJob(
  args: readonly string[],
  output: "piped" | "inherit",
  timeoutMs: number | undefined,
): Promise<FlinkJob> {
  const lib = await ensureFlinkJob();
  await removeStaleTempDirs();
  await Deno.mkdir(TMP_ROOT, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir: TMP_ROOT, prefix: `run-${Deno.pid}-` });
  const started = performance.now();
  const child = new Deno.Command("java", {
    args: [...FLINK_JVM_FLAGS, `-Djava.io.tmpdir=${tmp}`, "-cp", `${lib}/*`, MAIN_CLASS, ...args],
    stdin: "null",
    stdout: output,
    stderr: output,
  }).spawn();
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // ended meanwhile
    }
  }, timeoutMs);
  const done = (async (): Promise<FlinkJobResult> => {
    try {
      const decoder = new TextDecoder();
      if (output === "inherit") {
        const { code } = await child.status;
        return { code, stdout: "", stderr: "", wallMs: performance.now() - started };
      }
      const { code, signal, stdout, stderr } = await child.output();
      const err = decoder.decode(stderr);
      return {
        code,
        stdout: decoder.decode(stdout),
        stderr: signal === "SIGKILL" ? `${err}(killed after ${timeoutMs} ms)\n` : err,
        wallMs: performance.now() - started,
      };
    } finally {
      clearTimeout(timer);
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
    }
  })();
  return { pid: child.pid, finished: () => done };
}

/** Temp dirs (`run-<pid>-…`) of runs whose process is gone: a killed run cannot clean up. */
async function removeStaleTempDirs(): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(TMP_ROOT)];
  } catch {
    return;
  }
  for (const entry of entries) {
    const owner = /^run-(\d+)-/.exec(entry.name)?.[1];
    if (owner !== undefined && Number(owner) !== Deno.pid && !isAlive(Number(owner))) {
      await Deno.remove(`${TMP_ROOT}/${entry.name}`, { recursive: true }).catch(() => {});
    }
  }
}
