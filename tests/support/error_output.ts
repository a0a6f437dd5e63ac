/**
 * What a failed command may print: log lines, then exactly one `error: <message>` line with the
 * documented exit code, and never a stack trace or a raw exception dump.
 */
import assert from "node:assert/strict";
import type { CliResult } from "./cli.ts";

/** Lines that betray an uncaught exception or a leaked JS error object. */
const STACK_TRACE = /^\s+at |^Uncaught|^error: Uncaught|\bKafkaJS[A-Za-z]*Error\b|^\s*\^\s*$/m;

/** Our log format: `2025-10-16 10:30:00 - LEVEL - message`. */
const LOG_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - [A-Z]+ - /;

/** The `error:` lines of stderr. */
export function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("error:"));
}

export interface OneLineErrorOptions {
  /** Whether every other stderr line must be a log line (default true); consume's statistics
   * table is the exception. */
  readonly onlyLogLines?: boolean;
}

/**
 * Asserts the one-line failure contract: `code` as exit code, exactly one `error:` line
 * (matching `message`) which is the last thing printed, no stack trace, and nothing on stderr
 * but log lines besides it. Returns the error line.
 */
export function assertOneLineError(
  result: CliResult,
  code: number,
  message: RegExp,
  what = "",
  options: OneLineErrorOptions = {},
): string {
  const context = `${what}\n--- stderr ---\n${result.stderr.slice(-3000)}`;
  assert.equal(result.code, code, `exit code ${result.code}, expected ${code}: ${context}`);
  const errors = errorLines(result.stderr);
  assert.equal(errors.length, 1, `expected one error line: ${context}`);
  const line = errors[0]!;
  assert.match(line, message, context);
  assert.doesNotMatch(result.stderr, STACK_TRACE, `a stack trace or raw exception: ${context}`);
  const lines = result.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.at(-1), line, `the error line is not the last one: ${context}`);
  for (const other of options.onlyLogLines === false ? [] : lines.slice(0, -1)) {
    assert.match(other, LOG_LINE, `stray output besides the error: ${context}`);
  }
  return line;
}
