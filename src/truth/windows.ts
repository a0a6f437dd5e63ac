/**
 * The answers a correct pipeline must produce: per tumbling window of event time and per channel,
 * the counts and sums of the events Kafka acknowledged. Pure: events come in as they are handed
 * to the sink (`accepted`) and as their fate is known (`settled`); a window is closed, and its
 * rows handed out, once no event of it or of an earlier window can still arrive or be
 * acknowledged.
 */
import type { GeneratedEvent } from "../generator/types.ts";

/** The columns of windows.csv, in order. */
export const TRUTH_COLUMNS = [
  "window_start",
  "channel",
  "chat_messages",
  "unique_chatters",
  "chat_bits",
  "viewer_samples",
  "viewer_avg",
  "viewer_max",
  "transactions",
  "revenue_usd",
] as const;

/** The columns compared as numbers (all but the two key columns). */
export const TRUTH_VALUE_COLUMNS = TRUTH_COLUMNS.slice(2);

export type TruthColumn = typeof TRUTH_COLUMNS[number];

/** One row of windows.csv. */
export interface TruthRow {
  readonly windowStartMs: number;
  readonly channel: string;
  readonly chatMessages: number;
  readonly uniqueChatters: number;
  readonly chatBits: number;
  readonly viewerSamples: number;
  /** Sum of the viewer counts (the average is derived when formatting). */
  readonly viewerSum: number;
  readonly viewerMax: number;
  readonly transactions: number;
  readonly revenueCents: number;
}

interface Aggregate {
  chatMessages: number;
  chatters: Set<string>;
  chatBits: number;
  viewerSamples: number;
  viewerSum: number;
  viewerMax: number;
  transactions: number;
  revenueCents: number;
}

export class TruthWindows {
  readonly windowMs: number;
  /** Aggregates by window start, then channel. */
  readonly #windows = new Map<number, Map<string, Aggregate>>();
  /** Events accepted and not yet settled, by window start. */
  readonly #pending = new Map<number, number>();
  /** The latest window an accepted event fell in: later events cannot fall before it. */
  #latest = -Infinity;

  constructor(windowMs: number) {
    if (!(windowMs >= 1000) || windowMs % 1000 !== 0) {
      throw new RangeError(`truth windows must be whole seconds, got ${windowMs} ms`);
    }
    this.windowMs = windowMs;
  }

  windowOf(timestampMs: number): number {
    return Math.floor(timestampMs / this.windowMs) * this.windowMs;
  }

  /** Events handed to the sink, in order. */
  accepted(events: readonly GeneratedEvent[]): void {
    for (const event of events) {
      const window = this.windowOf(event.timestampMs);
      this.#pending.set(window, (this.#pending.get(window) ?? 0) + 1);
      if (window > this.#latest) this.#latest = window;
    }
  }

  /** Events whose fate is known: counted when delivered, forgotten when failed. */
  settled(events: readonly GeneratedEvent[], delivered: boolean): void {
    for (const event of events) {
      const window = this.windowOf(event.timestampMs);
      const left = (this.#pending.get(window) ?? 0) - 1;
      if (left > 0) this.#pending.set(window, left);
      else this.#pending.delete(window);
      if (delivered) this.#add(window, event);
    }
  }

  /** Rows of the windows that can no longer change, in window then channel order. */
  closed(): TruthRow[] {
    let horizon = this.#latest;
    for (const window of this.#pending.keys()) if (window < horizon) horizon = window;
    return this.#take((window) => window < horizon);
  }

  /** Every remaining row (the run is over; unsettled events were never acknowledged). */
  rest(): TruthRow[] {
    return this.#take(() => true);
  }

  #take(done: (window: number) => boolean): TruthRow[] {
    const windows = [...this.#windows.keys()].filter(done).sort((a, b) => a - b);
    const rows: TruthRow[] = [];
    for (const window of windows) {
      const channels = this.#windows.get(window)!;
      this.#windows.delete(window);
      for (const channel of [...channels.keys()].sort()) {
        const a = channels.get(channel)!;
        rows.push({
          windowStartMs: window,
          channel,
          chatMessages: a.chatMessages,
          uniqueChatters: a.chatters.size,
          chatBits: a.chatBits,
          viewerSamples: a.viewerSamples,
          viewerSum: a.viewerSum,
          viewerMax: a.viewerMax,
          transactions: a.transactions,
          revenueCents: a.revenueCents,
        });
      }
    }
    return rows;
  }

  #add(window: number, event: GeneratedEvent): void {
    let channels = this.#windows.get(window);
    if (channels === undefined) this.#windows.set(window, channels = new Map());
    let a = channels.get(event.channel);
    if (a === undefined) {
      a = {
        chatMessages: 0,
        chatters: new Set(),
        chatBits: 0,
        viewerSamples: 0,
        viewerSum: 0,
        viewerMax: 0,
        transactions: 0,
        revenueCents: 0,
      };
      channels.set(event.channel, a);
    }
    switch (event.kind) {
      case "chat":
        a.chatMessages++;
        a.chatters.add(event.value.username);
        a.chatBits += event.value.bits;
        break;
      case "viewer":
        a.viewerSamples++;
        a.viewerSum += event.value.viewer_count;
        if (event.value.viewer_count > a.viewerMax) a.viewerMax = event.value.viewer_count;
        break;
      case "transaction":
        a.transactions++;
        a.revenueCents += Math.round(event.value.amount * 100);
        break;
      case "stream_meta":
        // A window with only stream_meta events still has a row (all zeros).
        break;
    }
  }
}

/** `n / 100` with two decimals, exactly (no binary floating point on the way). */
export function hundredths(n: number): string {
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The mean viewer count to 2 decimals, rounded half up; "" without samples. */
export function viewerAverage(row: TruthRow): string {
  if (row.viewerSamples === 0) return "";
  const n = row.viewerSamples;
  return hundredths(Math.floor((200 * row.viewerSum + n) / (2 * n)));
}

/** `2025-10-16T10:30:00Z`: RFC 3339 UTC, whole seconds. */
export function windowStartText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The CSV header line of windows.csv. */
export const TRUTH_HEADER = TRUTH_COLUMNS.join(",");

/** A CSV field, quoted when it must be (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (no newline). */
export function truthCsvLine(row: TruthRow): string {
  return [
    windowStartText(row.windowStartMs),
    csvField(row.channel),
    row.chatMessages,
    row.uniqueChatters,
    row.chatBits,
    row.viewerSamples,
    viewerAverage(row),
    row.viewerSamples === 0 ? "" : row.viewerMax,
    row.transactions,
    hundredths(row.revenueCents),
  ].join(",");
}
