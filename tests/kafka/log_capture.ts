/** Collects LogTape records of the `telemetra` category while a test body runs. */
import { configure, type LogLevel, type LogRecord, reset } from "@logtape/logtape";

export interface CapturedLine {
  readonly level: string;
  readonly category: string;
  readonly text: string;
}

function render(record: LogRecord): string {
  return record.message.map((part) => typeof part === "string" ? part : String(part)).join("");
}

/** Runs `body` with every `telemetra` log from `lowestLevel` up captured; returns what it logged. */
export async function captureLogs<T>(
  body: () => Promise<T>,
  lowestLevel: LogLevel = "debug",
): Promise<{ result: T; lines: CapturedLine[] }> {
  const lines: CapturedLine[] = [];
  await configure({
    reset: true,
    sinks: {
      memory: (record: LogRecord) =>
        lines.push({
          level: record.level,
          category: record.category.join("."),
          text: render(record),
        }),
    },
    loggers: [
      { category: ["telemetra"], lowestLevel, sinks: ["memory"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: [] },
    ],
  });
  try {
    return { result: await body(), lines };
  } finally {
    await reset();
  }
}

/** The captured lines at `level` (e.g. "info"), as text. */
export function linesAt(lines: readonly CapturedLine[], level: string): string[] {
  return lines.filter((l) => l.level === level).map((l) => l.text);
}
