/**
 * `verify`: reads the truth of one or more produce runs and a pipeline's windows (a CSV or NDJSON
 * file, stdin, or a PostgreSQL query), compares them, and reports. Exit 0 when everything
 * matches, 1 on any mismatch, 2 on usage, input or connection errors.
 */
import { ExitCode, UsageError } from "../errors.ts";
import { TRUTH_COLUMNS } from "../truth/windows.ts";
import { parseInstant } from "../config/values.ts";
import { compareWindows, type Comparison, type Mismatch } from "./compare.ts";
import { isPostgresUrl, queryTable, redactUrl } from "./postgres.ts";
import { csvTable, parseTable, type Table } from "./table.ts";
import { addExpected, emptyExpected } from "./audit.ts";
import { auditTopics } from "./kafka_audit.ts";
import type { KafkaSettings } from "../kafka/settings.ts";

export interface VerifyFlags {
  readonly truth: readonly string[];
  /** Audit the topics themselves against the truth's manifest (no pipeline involved). */
  readonly kafka?: boolean;
  /** Compare with windows_ontime.csv (a pipeline that drops late data), not windows.csv. */
  readonly ontime?: boolean;
  readonly query?: string | undefined;
  readonly tolerance: readonly string[];
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly format: "table" | "json";
}

export interface VerifyIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): ReadableStream<Uint8Array> | Promise<Uint8Array>;
  readonly shutdown: AbortSignal;
}

/** How many mismatches the table shows (the JSON report has them all). */
const SHOWN = 20;

export async function runVerify(
  io: VerifyIo,
  actual: string | undefined,
  flags: VerifyFlags,
  kafka?: () => KafkaSettings,
): Promise<number> {
  if (flags.truth.length === 0) throw new UsageError("verify needs --truth DIR (one or more)");
  if (flags.kafka) {
    if (actual !== undefined) {
      throw new UsageError("verify --kafka reads the topics themselves: give no ACTUAL as well");
    }
    return await auditKafka(io, flags, kafka!());
  }
  if (actual === undefined) {
    throw new UsageError("verify needs ACTUAL (a file, - or a PostgreSQL URL), or --kafka");
  }
  const tolerances = parseTolerances(flags.tolerance);
  const fromMs = flags.from === undefined ? undefined : parseInstant(flags.from, "--from");
  const toMs = flags.to === undefined ? undefined : parseInstant(flags.to, "--to");
  const truth = readTruth(flags.truth, io, flags.ontime ? "windows_ontime.csv" : "windows.csv");
  let table: Table;
  let source: string;
  if (isPostgresUrl(actual)) {
    if (flags.query === undefined) {
      throw new UsageError(`a PostgreSQL URL needs --query "SELECT window_start, channel, …"`);
    }
    source = redactUrl(actual);
    table = await queryTable(actual, flags.query);
  } else {
    if (flags.query !== undefined) throw new UsageError("--query is for a PostgreSQL URL");
    source = actual === "-" ? "stdin" : actual;
    table = parseTable(actual === "-" ? await readAll(io) : readText(actual), source);
  }
  const comparison = compareWindows(truth, table, { tolerances, fromMs, toMs }, {
    truth: flags.truth.join(", "),
    actual: source,
  });
  io.stdout(flags.format === "json" ? jsonReport(comparison) : textReport(comparison, source));
  return isMatch(comparison) ? ExitCode.Ok : ExitCode.Failure;
}

/** `verify --kafka`: the topics against the manifests and ids of the truth dirs. */
async function auditKafka(io: VerifyIo, flags: VerifyFlags, settings: KafkaSettings) {
  const expected = emptyExpected();
  const topics = new Set<string>();
  for (const dir of flags.truth) {
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(readText(`${dir}/manifest.json`));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${dir}/manifest.json: not JSON`);
    }
    addExpected(expected, manifest, readText(`${dir}/ids.csv`));
    const configuration = manifest.configuration as { topics?: Record<string, string> };
    for (const topic of Object.values(configuration?.topics ?? {})) topics.add(topic);
  }
  const audit = await auditTopics(settings, [...topics], io.shutdown);
  const report = audit.report(expected);
  if (flags.format === "json") {
    io.stdout(JSON.stringify(report) + "\n");
  } else {
    const failing = report.rows.filter((r) => r.expected !== r.found);
    io.stdout(
      `verify --kafka: ${[...topics].join(", ")} against the truth: ${
        report.ok ? "everything as acknowledged" : `${failing.length} checks differ`
      }\n` +
        table([
          ["check", "expected", "found"],
          ...report.rows.map((r) => [r.check, String(r.expected), String(r.found)]),
        ]) +
        (report.missing.length > 0 ? `missing ids: ${report.missing.join(", ")}\n` : "") +
        (report.unexpected.length > 0 ? `unexpected ids: ${report.unexpected.join(", ")}\n` : ""),
    );
  }
  return report.ok ? ExitCode.Ok : ExitCode.Failure;
}

function isMatch(c: Comparison): boolean {
  return c.missing === 0 && c.extra === 0 && Object.keys(c.differing).length === 0;
}

/** `col=x` pairs: a tolerance per value column. */
export function parseTolerances(pairs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const m = /^([a-z_]+)=([0-9]*\.?[0-9]+)$/.exec(pair.trim());
    if (m === null) {
      throw new UsageError(`--tolerance ${pair}: expected COLUMN=NUMBER, e.g. viewer_avg=0.05`);
    }
    const [, column, value] = m;
    if (!TRUTH_COLUMNS.slice(2).includes(column as never)) {
      throw new UsageError(
        `--tolerance ${pair}: ${column} is not a value column (${
          TRUTH_COLUMNS.slice(2).join(", ")
        })`,
      );
    }
    out[column!] = Number(value);
  }
  return out;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function readAll(io: VerifyIo): Promise<string> {
  const input = io.readStdin();
  const bytes = input instanceof ReadableStream
    ? new Uint8Array(await new Response(input).arrayBuffer())
    : await input;
  return new TextDecoder().decode(bytes);
}

function readText(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    throw new UsageError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The windows of every truth dir, one table (shards have distinct channels). */
function readTruth(dirs: readonly string[], io: VerifyIo, file: string): Table {
  const rows: Table["rows"][number][] = [];
  for (const dir of dirs) {
    const path = `${dir}/${file}`;
    if (file !== "windows.csv" && !exists(path)) {
      throw new UsageError(`${path} is missing: produce writes it with --truth-lateness L`);
    }
    const table = csvTable(readText(path), path);
    rows.push(...table.rows);
    try {
      const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
      if (manifest.complete !== true) {
        io.stderr(
          `verify: ${dir} is still being written (its run has not ended); its last windows may be missing\n`,
        );
      }
    } catch {
      io.stderr(`verify: ${dir}/manifest.json is missing or unreadable\n`);
    }
  }
  return { columns: [...TRUTH_COLUMNS], rows };
}

function textReport(c: Comparison, source: string): string {
  const differing = Object.entries(c.differing);
  const verdict = isMatch(c)
    ? `all ${c.checked.toLocaleString("en-US")} windows match`
    : `${c.missing} missing, ${c.extra} extra, ${
      differing.reduce((n, [, k]) => n + k, 0)
    } differing values${
      differing.length > 0 ? ` (${differing.map(([col, k]) => `${col} ${k}`).join(", ")})` : ""
    }`;
  let text = `verify: ${source} against the truth (${
    c.checked.toLocaleString("en-US")
  } windows; compared ${c.columns.join(", ") || "keys only"}): ${verdict}\n`;
  if (c.mismatches.length > 0) {
    const shown = c.mismatches.slice(0, SHOWN);
    text += table([
      ["", "window_start", "channel", "column", "expected", "actual"],
      ...shown.map(rowOf),
    ]);
    if (c.mismatches.length > SHOWN) {
      text += `… and ${c.mismatches.length - SHOWN} more (--format json lists all)\n`;
    }
  }
  return text;
}

function rowOf(m: Mismatch): string[] {
  return [m.kind, m.windowStart, m.channel, m.column ?? "", m.expected ?? "", m.actual ?? ""];
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd() + "\n")
    .join("");
}

function jsonReport(c: Comparison): string {
  return JSON.stringify({
    match: isMatch(c),
    checked: c.checked,
    columns: c.columns,
    missing: c.missing,
    extra: c.extra,
    differing: c.differing,
    mismatches: c.mismatches,
  }) + "\n";
}
