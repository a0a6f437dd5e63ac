/**
 * Turns the text of one payload (a file, an inline argument or stdin) into the records to
 * validate: one JSON document, the elements of a JSON array, or the lines of NDJSON, each
 * with its position. Malformed JSON becomes a record with a syntax problem, never an exception.
 */
import { describeJsonSyntaxError, type JsonSyntaxProblem } from "./json_syntax.ts";

/** How to read a payload: guess (`auto`), one JSON document, or one JSON value per line. */
export type PayloadFormat = "auto" | "json" | "ndjson";

export const PAYLOAD_FORMATS: readonly PayloadFormat[] = ["auto", "json", "ndjson"];

/** One value to validate, or the reason it could not be read as JSON. */
export interface PayloadRecord {
  /** 1-based line for NDJSON records. */
  readonly line?: number;
  /** 0-based position for elements of a top-level array. */
  readonly index?: number;
  readonly value?: unknown;
  /** Set when the record is not JSON; line and column are within the whole payload. */
  readonly syntax?: JsonSyntaxProblem;
}

export interface ParsedPayload {
  /** `document`: one record; `array`: one record per element; `ndjson`: one per non-blank line. */
  readonly kind: "document" | "array" | "ndjson";
  readonly records: readonly PayloadRecord[];
}

export interface ParseOptions {
  readonly format?: PayloadFormat;
  /** Validate a top-level array element by element (false when the schema describes arrays). */
  readonly splitArrays?: boolean;
}

function parsesAlone(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

interface Detection {
  /** The first two non-blank lines, trimmed. */
  readonly lines: readonly string[];
  /** Whether the second of them ends with a newline (so more text cannot change it). */
  readonly settled: boolean;
}

function firstLines(text: string): Detection {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < 2 && start < text.length) {
    let end = text.indexOf("\n", start);
    const ended = end !== -1;
    if (!ended) end = text.length;
    const line = text.slice(start, end).trim();
    if (line !== "") lines.push(line);
    if (lines.length === 2) return { lines, settled: ended };
    start = end + 1;
  }
  return { lines, settled: false };
}

function decide(lines: readonly string[]): "json" | "ndjson" {
  if (lines.length < 2) return "json";
  return parsesAlone(lines[0]) || parsesAlone(lines[1]) ? "ndjson" : "json";
}

/**
 * `ndjson` when the text has several non-blank lines and its first or second non-blank line is a
 * JSON value on its own; `json` otherwise (a pretty-printed document's first line is not).
 */
export function detectPayloadFormat(text: string): "json" | "ndjson" {
  return decide(firstLines(text).lines);
}

/**
 * detectPayloadFormat() of a whole payload from its beginning alone, or undefined when `prefix`
 * cannot tell yet (its second non-blank line has not ended). `prefix` has its BOM removed.
 */
export function detectPayloadFormatEarly(prefix: string): "json" | "ndjson" | undefined {
  const { lines, settled } = firstLines(prefix);
  return settled ? decide(lines) : undefined;
}

function parseDocument(text: string, splitArrays: boolean): ParsedPayload {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "document", records: [{ syntax: describeJsonSyntaxError(text, error) }] };
  }
  if (splitArrays && Array.isArray(value)) {
    return { kind: "array", records: value.map((element, index) => ({ index, value: element })) };
  }
  return { kind: "document", records: [{ value }] };
}

/**
 * Appends to `records` the records of NDJSON `text` whose first line is `firstLine`, and returns
 * the number of the line after the last one (text ending in a newline ends a line).
 */
export function parseNdjsonLines(
  text: string,
  firstLine: number,
  records: PayloadRecord[],
): number {
  let start = 0;
  let line = firstLine;
  for (; start < text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const content = text.slice(start, end);
    start = end + 1;
    if (content.length === 0) continue;
    try {
      records.push({ line, value: JSON.parse(content) });
    } catch (error) {
      // Whitespace-only lines are blank, not malformed (tested here, off the hot path).
      if (/^[ \t\r]*$/.test(content)) continue;
      const problem = describeJsonSyntaxError(content, error);
      records.push({ line, syntax: { ...problem, line: line + problem.line - 1 } });
    }
  }
  return line;
}

function parseNdjson(text: string): ParsedPayload {
  const records: PayloadRecord[] = [];
  parseNdjsonLines(text, 1, records);
  return { kind: "ndjson", records };
}

/** The records of one payload's text (a leading byte-order mark is ignored). */
export function parsePayload(text: string, options: ParseOptions = {}): ParsedPayload {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const format = options.format === undefined || options.format === "auto"
    ? detectPayloadFormat(body)
    : options.format;
  return format === "ndjson" ? parseNdjson(body) : parseDocument(body, options.splitArrays ?? true);
}
