/**
 * Validating the records of payloads and reporting the outcome: text (`PATH valid`, `PATH
 * invalid` and one line per issue, a summary for multi-record payloads) or one JSON document.
 * Pure: output is returned as strings for the CLI to write.
 */
import { describeErrors, formatIssue, type Issue, issueToJson, syntaxIssue } from "./issues.ts";
import type { ParsedPayload } from "./payload.ts";

/** A compiled validator: ajv's ValidateFunction fits. */
export interface RecordValidator {
  (value: unknown): boolean | Promise<unknown>;
  errors?: Parameters<typeof describeErrors>[0];
}

/** The verdict on one record. */
export interface RecordResult {
  readonly source: string;
  readonly line?: number;
  readonly index?: number;
  readonly valid: boolean;
  readonly issues: readonly Issue[];
}

/** The verdict on one payload. */
export interface PayloadReport {
  readonly source: string;
  readonly kind: ParsedPayload["kind"];
  readonly valid: number;
  readonly invalid: number;
  /** Every invalid record; valid ones too for single documents or when asked for. */
  readonly results: readonly RecordResult[];
}

/** Validates every record of a payload; `keepValid` keeps valid records of multi-record payloads. */
export function validatePayload(
  validate: RecordValidator,
  source: string,
  payload: ParsedPayload,
  options: { keepValid?: boolean } = {},
): PayloadReport {
  const keepValid = options.keepValid === true || payload.kind === "document";
  const results: RecordResult[] = [];
  let valid = 0;
  let invalid = 0;
  for (const record of payload.records) {
    const position = { source, line: record.line, index: record.index };
    if (record.syntax !== undefined) {
      invalid++;
      results.push({ ...position, valid: false, issues: [syntaxIssue(record.syntax)] });
    } else if (validate(record.value) === true) {
      valid++;
      if (keepValid) results.push({ ...position, valid: true, issues: [] });
    } else {
      invalid++;
      results.push({
        ...position,
        valid: false,
        issues: describeErrors(validate.errors, record.value),
      });
    }
  }
  return { source, kind: payload.kind, valid, invalid, results };
}

/** `file.json`, `events.ndjson:12` (line) or `batch.json[3]` (array index). */
export function recordLabel(result: RecordResult): string {
  if (result.line !== undefined) return `${result.source}:${result.line}`;
  if (result.index !== undefined) return `${result.source}[${result.index}]`;
  return result.source;
}

/** The text report of one payload, each line ending in a newline. */
export function payloadText(report: PayloadReport): string {
  let text = "";
  for (const result of report.results) {
    text += `${recordLabel(result)} ${result.valid ? "valid" : "invalid"}\n`;
    for (const issue of result.issues) text += `${formatIssue(issue)}\n`;
  }
  if (report.kind !== "document") {
    text += `${report.source}: ${report.valid} valid, ${report.invalid} invalid\n`;
  }
  return text;
}

/** The closing line when several payloads were given. */
export function totalText(reports: readonly PayloadReport[]): string {
  const { valid, invalid } = totals(reports);
  return `total: ${valid} valid, ${invalid} invalid\n`;
}

export function totals(reports: readonly PayloadReport[]): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (const report of reports) {
    valid += report.valid;
    invalid += report.invalid;
  }
  return { valid, invalid };
}

/**
 * The `--errors json` document: `{ schema, valid, summary: {valid, invalid}, payloads: [...],
 * results: [{source, line?, index?, valid, errors: [{pointer, keyword, message, value?}]}] }`.
 */
export function reportJson(schema: string, reports: readonly PayloadReport[]): string {
  const summary = totals(reports);
  return `${
    JSON.stringify({
      schema,
      valid: summary.invalid === 0,
      summary,
      payloads: reports.map(({ source, kind, valid, invalid }) => ({
        source,
        kind,
        valid,
        invalid,
      })),
      results: reports.flatMap((report) =>
        report.results.map((result) => ({
          source: result.source,
          ...(result.line !== undefined ? { line: result.line } : {}),
          ...(result.index !== undefined ? { index: result.index } : {}),
          valid: result.valid,
          errors: result.issues.map(issueToJson),
        }))
      ),
    })
  }\n`;
}
