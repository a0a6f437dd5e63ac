/**
 * Validating the records of payloads and reporting the outcome: text (`PATH valid`, `PATH
 * invalid` and one line per issue, a summary for multi-record payloads) or one JSON document.
 * Pure: output is returned as strings for the CLI to write.
 */
import { describeErrors, formatIssue, type Issue, issueToJson, syntaxIssue } from "./issues.ts";
import type { ParsedPayload, PayloadRecord } from "./payload.ts";

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
  /**
   * Every invalid record; valid ones too for single documents or when asked for. Empty when
   * they were handed to `onResult` instead.
   */
  readonly results: readonly RecordResult[];
}

export interface TallyOptions {
  /** Keep valid records of multi-record payloads too (always kept for single documents). */
  readonly keepValid?: boolean;
  /**
   * Hand each kept result here as soon as it is known instead of keeping it in the report (a
   * stream of records is then reported in constant memory).
   */
  readonly onResult?: (result: RecordResult) => void;
}

/** Validates records one at a time; `report()` is the verdict on those added so far. */
export interface PayloadTally {
  add(record: PayloadRecord): void;
  report(): PayloadReport;
}

export function payloadTally(
  validate: RecordValidator,
  source: string,
  kind: ParsedPayload["kind"],
  options: TallyOptions = {},
): PayloadTally {
  const keepValid = options.keepValid === true || kind === "document";
  const results: RecordResult[] = [];
  const keep = options.onResult ?? ((result: RecordResult) => void results.push(result));
  let valid = 0;
  let invalid = 0;
  return {
    add(record) {
      const position = { source, line: record.line, index: record.index };
      if (record.syntax !== undefined) {
        invalid++;
        keep({ ...position, valid: false, issues: [syntaxIssue(record.syntax)] });
      } else if (validate(record.value) === true) {
        valid++;
        if (keepValid) keep({ ...position, valid: true, issues: [] });
      } else {
        invalid++;
        keep({
          ...position,
          valid: false,
          issues: describeErrors(validate.errors, record.value),
        });
      }
    },
    report: () => ({ source, kind, valid, invalid, results }),
  };
}

/** Validates every record of a payload; `keepValid` keeps valid records of multi-record payloads. */
export function validatePayload(
  validate: RecordValidator,
  source: string,
  payload: ParsedPayload,
  options: { keepValid?: boolean } = {},
): PayloadReport {
  const tally = payloadTally(validate, source, payload.kind, options);
  for (const record of payload.records) tally.add(record);
  return tally.report();
}

/** `file.json`, `events.ndjson:12` (line) or `batch.json[3]` (array index). */
export function recordLabel(result: RecordResult): string {
  if (result.line !== undefined) return `${result.source}:${result.line}`;
  if (result.index !== undefined) return `${result.source}[${result.index}]`;
  return result.source;
}

/** The text report of one record: its verdict, then one line per issue. */
export function resultText(result: RecordResult): string {
  let text = `${recordLabel(result)} ${result.valid ? "valid" : "invalid"}\n`;
  for (const issue of result.issues) text += `${formatIssue(issue)}\n`;
  return text;
}

/**
 * The text report of one payload, each line ending in a newline: its kept results, then for
 * multi-record payloads the summary.
 */
export function payloadText(report: PayloadReport): string {
  let text = "";
  for (const result of report.results) text += resultText(result);
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
