/**
 * Reading tables of windows: CSV (RFC 4180, header row) and NDJSON (one object per line), and
 * normalising `window_start` to epoch milliseconds. Pure.
 */
import { UsageError } from "../errors.ts";

/** A cell as read: text from CSV, any JSON scalar from NDJSON or PostgreSQL. */
export type Cell = string | number | boolean | null | undefined;

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

/** Splits CSV text into records of fields (quoted fields may hold commas, quotes, newlines). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const end = () => {
    record.push(field);
    field = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") end();
    else if (c === "\n" || c === "\r") {
      end();
      if (record.length > 1 || record[0] !== "") records.push(record);
      record = [];
      if (c === "\r" && text[i + 1] === "\n") i++;
    } else field += c;
    i++;
  }
  if (field !== "" || record.length > 0) {
    end();
    records.push(record);
  }
  return records;
}

/** A CSV table with a header row. */
export function csvTable(text: string, source: string): Table {
  const [header, ...records] = parseCsv(text.replace(/^\uFEFF/, ""));
  if (header === undefined) throw new UsageError(`${source}: empty, expected a header row`);
  const columns = header.map((c) => c.trim());
  const rows = records.map((fields, n) => {
    if (fields.length !== columns.length) {
      throw new UsageError(
        `${source}: row ${n + 2} has ${fields.length} fields, the header ${columns.length}`,
      );
    }
    return Object.fromEntries(columns.map((c, i) => [c, fields[i]]));
  });
  return { columns, rows };
}

/** An NDJSON table: the columns are the keys seen. */
export function ndjsonTable(text: string, source: string): Table {
  const columns = new Set<string>();
  const rows: Record<string, Cell>[] = [];
  text.split("\n").forEach((line, n) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${source}:${n + 1}: not JSON`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new UsageError(`${source}:${n + 1}: expected a JSON object per line`);
    }
    for (const key of Object.keys(value)) columns.add(key);
    rows.push(value as Record<string, Cell>);
  });
  return { columns: [...columns], rows };
}

/** CSV or NDJSON, by the first non-blank character (`{` is NDJSON). */
export function parseTable(text: string, source: string): Table {
  return text.trimStart().startsWith("{") ? ndjsonTable(text, source) : csvTable(text, source);
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A window start as epoch ms: RFC 3339 (`2025-10-16T10:30:00Z`), PostgreSQL's text
 * (`2025-10-16 10:30:00`, `…+00`), or epoch milliseconds. Without a zone it is UTC.
 */
export function parseWindowStart(cell: Cell | Date): number | undefined {
  if (cell instanceof Date) return cell.getTime();
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell !== "string") return undefined;
  const text = cell.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const m = INSTANT.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +(s ?? 0), Math.floor(+`0.${frac ?? 0}` * 1000));
  if (zone !== undefined && zone.toUpperCase() !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (+digits.slice(0, 2) * 60 + +(digits.slice(2) || 0)) * 60_000;
  }
  return Number.isNaN(ms) ? undefined : ms;
}
