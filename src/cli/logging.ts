/**
 * LogTape set-up for the CLI: one stderr sink in the seed's format
 * (`2025-10-16 10:30:00 - INFO - message`), at the level from --log-level / LOG_LEVEL.
 */
import { configureSync, type LogLevel, type LogRecord, resetSync } from "@logtape/logtape";
import { parseChoice } from "../config/values.ts";
import { SUMMARY_CATEGORY } from "../log_categories.ts";

const LEVEL_NAMES = [
  "TRACE",
  "DEBUG",
  "INFO",
  "WARNING",
  "WARN",
  "ERROR",
  "CRITICAL",
  "FATAL",
] as const;

const TO_LOGTAPE: Record<typeof LEVEL_NAMES[number], LogLevel> = {
  TRACE: "trace",
  DEBUG: "debug",
  INFO: "info",
  WARNING: "warning",
  WARN: "warning",
  ERROR: "error",
  CRITICAL: "fatal",
  FATAL: "fatal",
};

const LABEL: Record<LogLevel, string> = {
  trace: "TRACE",
  debug: "DEBUG",
  info: "INFO",
  warning: "WARNING",
  error: "ERROR",
  fatal: "CRITICAL",
};

/** LOG_LEVEL values as the seed documents them (DEBUG, INFO, WARNING, ERROR), any case. */
export function parseLogLevel(raw: string, label: string): LogLevel {
  return TO_LOGTAPE[parseChoice(raw, label, LEVEL_NAMES)];
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function render(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `2025-10-16 10:30:00 - INFO - message` in local time, like Python's logging default. */
export function formatRecord(record: LogRecord): string {
  const d = new Date(record.timestamp);
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${
    pad(d.getHours())
  }:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const message = record.message.map((part, i) => i % 2 === 0 ? part : render(part)).join("");
  return `${stamp} - ${LABEL[record.level]} - ${message}\n`;
}

/** Routes every `telemetra` logger to `write` at `level` and above. */
export function setupLogging(level: LogLevel, write: (line: string) => void): Disposable {
  configureSync({
    reset: true,
    sinks: { stderr: (record: LogRecord) => write(formatRecord(record)) },
    loggers: [
      { category: ["telemetra"], lowestLevel: level, sinks: ["stderr"] },
      // A run's final summary is printed at every level: it is the run's outcome.
      {
        category: [...SUMMARY_CATEGORY],
        lowestLevel: "info",
        sinks: ["stderr"],
        parentSinks: "override",
      },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["stderr"] },
    ],
  });
  return { [Symbol.dispose]: () => resetSync() };
}
