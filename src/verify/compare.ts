/**
 * Comparing a pipeline's windows with the truth, cell by cell. Pure: both sides come in as
 * tables; the outcome lists what is missing, extra and different.
 */
import { UsageError } from "../errors.ts";
import { TRUTH_VALUE_COLUMNS, windowStartText } from "../truth/windows.ts";
import { type Cell, parseWindowStart, type Table } from "./table.ts";

/** Columns compared with a tolerance by default (averages and money); the rest exactly. */
export const DEFAULT_TOLERANCES: Readonly<Record<string, number>> = {
  viewer_avg: 0.01,
  revenue_usd: 0.01,
};

export interface CompareOptions {
  /** Per-column tolerance overrides. */
  readonly tolerances: Readonly<Record<string, number>>;
  /** Only windows starting at or after `fromMs` and before `toMs`. */
  readonly fromMs?: number | undefined;
  readonly toMs?: number | undefined;
}

export interface Mismatch {
  readonly kind: "missing" | "extra" | "different";
  readonly windowStart: string;
  readonly channel: string;
  readonly column?: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface Comparison {
  /** The value columns compared (those the actual side has). */
  readonly columns: readonly string[];
  /** Windows (window_start, channel) in the truth within the range. */
  readonly checked: number;
  readonly missing: number;
  readonly extra: number;
  /** Differing cells per column. */
  readonly differing: Readonly<Record<string, number>>;
  /** Every mismatch, in window then channel order. */
  readonly mismatches: readonly Mismatch[];
}

const KEY_COLUMNS = ["window_start", "channel"] as const;

/** The actual table must have both key columns: exit 2 names the missing ones. */
export function checkKeyColumns(table: Table, source: string): void {
  const missing = KEY_COLUMNS.filter((c) => !table.columns.includes(c));
  if (missing.length > 0) {
    throw new UsageError(
      `${source} lacks the key column${missing.length > 1 ? "s" : ""} ${
        missing.join(" and ")
      } (columns: ${table.columns.join(", ") || "none"})`,
    );
  }
}

interface Keyed {
  readonly startMs: number;
  readonly channel: string;
  readonly row: Readonly<Record<string, Cell>>;
}

function keyed(table: Table, source: string, options: CompareOptions): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  table.rows.forEach((row, n) => {
    const startMs = parseWindowStart(row.window_start as Cell | Date);
    if (startMs === undefined) {
      throw new UsageError(
        `${source}: row ${n + 1}: window_start "${String(row.window_start)}" is not a time`,
      );
    }
    if (options.fromMs !== undefined && startMs < options.fromMs) return;
    if (options.toMs !== undefined && startMs >= options.toMs) return;
    const channel = String(row.channel ?? "");
    const key = `${startMs} ${channel}`;
    if (out.has(key)) {
      throw new UsageError(
        `${source}: window ${windowStartText(startMs)} of channel ${channel} appears twice`,
      );
    }
    out.set(key, { startMs, channel, row });
  });
  return out;
}

/** A cell as a number, or null when empty (SQL NULL, "", a missing NDJSON key). */
function numberOf(cell: Cell): number | null | typeof NaN {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "number") return cell;
  if (typeof cell === "boolean") return NaN;
  const text = String(cell).trim();
  return text === "" ? null : Number(text);
}

function show(cell: Cell): string {
  return cell === null || cell === undefined || cell === "" ? "(empty)" : String(cell);
}

export function compareWindows(
  truth: Table,
  actual: Table,
  options: CompareOptions,
  sources: { readonly truth: string; readonly actual: string },
): Comparison {
  checkKeyColumns(actual, sources.actual);
  const columns = TRUTH_VALUE_COLUMNS.filter((c) => actual.columns.includes(c));
  const expected = keyed(truth, sources.truth, options);
  const got = keyed(actual, sources.actual, options);
  const mismatches: Mismatch[] = [];
  const differing: Record<string, number> = {};
  let missing = 0;
  let extra = 0;
  const keys = new Map<string, Keyed>([...expected, ...got]);
  const ordered = [...keys.entries()].sort(([, a], [, b]) =>
    a.startMs - b.startMs || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0)
  );
  for (const [key, { startMs, channel }] of ordered) {
    const windowStart = windowStartText(startMs);
    const want = expected.get(key);
    const have = got.get(key);
    if (want === undefined) {
      extra++;
      mismatches.push({ kind: "extra", windowStart, channel });
      continue;
    }
    if (have === undefined) {
      missing++;
      mismatches.push({ kind: "missing", windowStart, channel });
      continue;
    }
    for (const column of columns) {
      const tolerance = options.tolerances[column] ?? DEFAULT_TOLERANCES[column] ?? 0;
      const a = numberOf(want.row[column]);
      const b = numberOf(have.row[column]);
      const same = a === null || b === null
        ? a === b
        : Math.abs(a - b) <= tolerance + 1e-9 * Math.max(1, Math.abs(a));
      if (!same) {
        differing[column] = (differing[column] ?? 0) + 1;
        mismatches.push({
          kind: "different",
          windowStart,
          channel,
          column,
          expected: show(want.row[column]),
          actual: show(have.row[column]),
        });
      }
    }
  }
  return { columns, checked: expected.size, missing, extra, differing, mismatches };
}
