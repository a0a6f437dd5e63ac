/**
 * Parsers for flag and environment values. Each takes the raw text and a label naming where it
 * came from (`--rate`, `RATE_PER_SEC (from .env)`) and throws a one-line UsageError otherwise.
 */
import { UsageError } from "../errors.ts";

function fail(label: string, expected: string, raw: string): never {
  throw new UsageError(`${label} must be ${expected}, got ${JSON.stringify(raw)}`);
}

/** A finite number ≥ min (default 0). */
export function parseNumber(raw: string, label: string, min = 0): number {
  const text = raw.trim();
  const value = Number(text);
  if (text === "" || !Number.isFinite(value) || value < min) {
    fail(label, `a number ≥ ${min}`, raw);
  }
  return value;
}

/** An integer within [min, max]. */
export function parseInteger(
  raw: string,
  label: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) fail(label, `an integer from ${min} to ${max}`, raw);
  const value = Number(text);
  if (value < min || value > max) fail(label, `an integer from ${min} to ${max}`, raw);
  return value;
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** true/false, 1/0, yes/no, on/off (any case). */
export function parseBoolean(raw: string, label: string): boolean {
  const text = raw.trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return fail(label, "true or false", raw);
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `5m`, `1h30m`, or a bare number of seconds. Returns milliseconds. */
export function parseDuration(raw: string, label: string): number {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (text === "" || parts.map((p) => p[0]).join("") !== text) {
    fail(label, "a duration such as 500ms, 30s, 5m or 1h30m", raw);
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * DURATION_UNITS[p[2]!]!, 0));
}

/** An ISO 8601 instant with a time zone, e.g. 2025-10-16T00:00:00Z. Returns epoch ms. */
export function parseInstant(raw: string, label: string): number {
  const text = raw.trim();
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;
  const ms = Date.parse(text);
  if (!iso.test(text) || Number.isNaN(ms)) {
    fail(label, "an ISO 8601 time such as 2025-10-16T00:00:00Z", raw);
  }
  return ms;
}

/** A comma-separated list of non-empty names; duplicates removed, order kept. */
export function parseList(raw: string, label: string, pattern = /^[A-Za-z0-9._-]+$/): string[] {
  const items = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) fail(label, "a non-empty comma-separated list", raw);
  for (const item of items) {
    if (!pattern.test(item)) {
      throw new UsageError(
        `${label} contains ${JSON.stringify(item)}; use letters, digits, '.', '_' or '-'`,
      );
    }
  }
  return [...new Set(items)];
}

/** One of the given words (case-insensitive). */
export function parseChoice<T extends string>(
  raw: string,
  label: string,
  choices: readonly T[],
): T {
  const text = raw.trim().toLowerCase();
  const found = choices.find((c) => c.toLowerCase() === text);
  if (found === undefined) fail(label, `one of ${choices.join(", ")}`, raw);
  return found;
}

/** `i/n` with 1 ≤ i ≤ n: this instance's share of the channels. */
export function parseShard(raw: string, label: string): { index: number; total: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = match ? Number(match[1]) : NaN;
  const total = match ? Number(match[2]) : NaN;
  if (!match || total < 1 || index < 1 || index > total) {
    fail(label, "i/n with 1 ≤ i ≤ n, e.g. 2/3", raw);
  }
  return { index, total };
}
