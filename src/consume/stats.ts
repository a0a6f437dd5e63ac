/**
 * Per-topic statistics of a consume run — records, records by event type, bytes (key + value),
 * rate and, under --validate, valid/invalid — and the table printed on stderr at the end.
 */
import { groupDigits } from "./pretty.ts";

/** Distinct event types kept per topic; the rest (other producers' inventions) count as "other". */
const MAX_TYPES = 16;
const MAX_TYPE_LENGTH = 40;

export interface TopicStats {
  records: number;
  bytes: number;
  valid: number;
  invalid: number;
  readonly types: Map<string, number>;
}

/** Counters for one run; topics appear in the order given, then in order of first record. */
export class ConsumeStats {
  readonly topics = new Map<string, TopicStats>();
  readonly validating: boolean;
  total = 0;
  invalid = 0;

  constructor(topics: readonly string[], validating: boolean) {
    this.validating = validating;
    for (const topic of topics) this.topic(topic);
  }

  private topic(name: string): TopicStats {
    let stats = this.topics.get(name);
    if (stats === undefined) {
      stats = { records: 0, bytes: 0, valid: 0, invalid: 0, types: new Map() };
      this.topics.set(name, stats);
    }
    return stats;
  }

  /** Counts one record; `valid` is undefined when not validating. */
  add(topic: string, eventType: string, bytes: number, valid?: boolean): void {
    const stats = this.topic(topic);
    stats.records++;
    stats.bytes += bytes;
    this.total++;
    if (valid === true) stats.valid++;
    if (valid === false) {
      stats.invalid++;
      this.invalid++;
    }
    let type = eventType.length > MAX_TYPE_LENGTH ? "other" : eventType;
    if (!stats.types.has(type) && stats.types.size >= MAX_TYPES) type = "other";
    stats.types.set(type, (stats.types.get(type) ?? 0) + 1);
  }
}

function rate(records: number, elapsedMs: number): string {
  if (elapsedMs <= 0) return "-";
  const perSecond = records / (elapsedMs / 1000);
  return groupDigits(Number(perSecond.toFixed(perSecond >= 100 ? 0 : 1)));
}

function typesText(types: Map<string, number>): string {
  return [...types.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([type, n]) => `${type} ${groupDigits(n)}`)
    .join(", ");
}

/** The summary table (several lines, trailing newline) for `elapsedMs` of consuming. */
export function renderStats(stats: ConsumeStats, elapsedMs: number): string {
  const seconds = (elapsedMs / 1000).toFixed(elapsedMs < 10_000 ? 2 : 1);
  const head = `Consumed ${groupDigits(stats.total)} record${
    stats.total === 1 ? "" : "s"
  } in ${seconds} s (${rate(stats.total, elapsedMs)} records/s)`;
  const header = ["topic", "records", "bytes", "records/s"];
  if (stats.validating) header.push("valid", "invalid");
  header.push("by event type");
  const rows: string[][] = [header];
  let bytes = 0;
  for (const [topic, s] of stats.topics) {
    bytes += s.bytes;
    const row = [topic, groupDigits(s.records), groupDigits(s.bytes), rate(s.records, elapsedMs)];
    if (stats.validating) row.push(groupDigits(s.valid), groupDigits(s.invalid));
    row.push(typesText(s.types));
    rows.push(row);
  }
  if (stats.topics.size > 1) {
    const total = [
      "total",
      groupDigits(stats.total),
      groupDigits(bytes),
      rate(stats.total, elapsedMs),
    ];
    if (stats.validating) {
      total.push(groupDigits(stats.total - stats.invalid), groupDigits(stats.invalid));
    }
    total.push("");
    rows.push(total);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((row) =>
    row.map((cell, i) => {
      if (i === row.length - 1) return cell;
      return i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!);
    }).join("  ").trimEnd()
  );
  return `${head}\n${lines.join("\n")}\n`;
}
