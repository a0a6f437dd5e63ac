/**
 * Counters of a produce run and the lines the seed producer logged: the periodic
 * `Produced N messages | Actual rate: X msg/sec` report, notable events (transactions, stream
 * starts and ends, raids, viewer spikes) and the final summary. Pure: time comes in as numbers.
 *
 * Notable events are limited by event time, not wall time: a backfill writes a day in seconds,
 * and a wall-time limit would log a few lines of its first minutes only. Stream starts, ends and
 * raids are rare and tell a channel's story, so they are always logged; transactions and viewer
 * jumps, which come with the traffic, are limited per minute of event time.
 */
import { EVENT_KINDS, TOPIC_SUFFIX } from "../generator/event_kinds.ts";
import type { EventKind, GeneratedEvent, StreamMeta } from "../generator/types.ts";
import type { DeliveryCounts } from "../sinks/types.ts";

export interface StatsOptions {
  /** Report every N events... */
  readonly every: number;
  /** ...but not more often than this (high rates would flood the log otherwise). */
  readonly minIntervalMs: number;
  /**
   * At most this many transaction and viewer-jump lines per minute of event time; the rest are
   * counted in `suppressedNotable`. Stream starts, ends and raids are always logged.
   */
  readonly notablePerMinute: number;
  /** Events/s asked for (0 = as fast as possible), or read each time (a --shard auto replica's). */
  readonly targetRate: number | (() => number);
}

export class ProduceStats {
  readonly byKind: Record<EventKind, number> = {
    chat: 0,
    viewer: 0,
    transaction: 0,
    stream_meta: 0,
  };
  generated = 0;
  suppressedNotable = 0;
  readonly #options: StatsOptions;
  readonly #startMs: number;
  #nextReportAt: number;
  #lastReportMs = -Infinity;
  /** The minute of event time (ms since the epoch / 60,000) the limit is counting in. */
  #notableMinute = -Infinity;
  #notableInMinute = 0;

  constructor(options: StatsOptions, startMs: number) {
    this.#options = options;
    this.#startMs = startMs;
    this.#nextReportAt = options.every;
  }

  /**
   * Counts a batch handed to the sink; returns the log lines it calls for (periodic report with
   * the sink's `counts` as of now, notable events).
   */
  record(batch: readonly GeneratedEvent[], nowMs: number, counts: DeliveryCounts): string[] {
    const lines: string[] = [];
    for (const event of batch) {
      this.generated++;
      this.byKind[event.kind]++;
      // With stream_meta disabled, streams still start and end: world facts, logged as such.
      if (event.unsent !== undefined) {
        for (const meta of event.unsent) {
          const line = streamMetaNote(meta.channel, meta);
          if (line !== undefined) lines.push(`${line} (not sent: stream_meta is off)`);
        }
      }
      const note = this.#notable(event);
      if (note !== undefined) {
        if (note.always) lines.push(note.line);
        else if (this.#withinLimit(event.timestampMs)) lines.push(note.line);
        else this.suppressedNotable++;
      }
      // Reports fall on exact multiples of `every`, like the seed's; one that comes sooner than
      // the minimum interval after the last is skipped (high rates would flood the log).
      if (this.generated === this.#nextReportAt) {
        this.#nextReportAt += this.#options.every;
        if (nowMs - this.#lastReportMs >= this.#options.minIntervalMs) {
          this.#lastReportMs = nowMs;
          lines.push(this.report(nowMs, counts));
        }
      }
    }
    return lines;
  }

  #withinLimit(eventMs: number): boolean {
    const minute = Math.floor(eventMs / 60_000);
    if (minute !== this.#notableMinute) {
      this.#notableMinute = minute;
      this.#notableInMinute = 0;
    }
    if (this.#notableInMinute >= this.#options.notablePerMinute) return false;
    this.#notableInMinute++;
    return true;
  }

  rate(nowMs: number): number {
    const seconds = (nowMs - this.#startMs) / 1000;
    return seconds > 0 ? this.generated / seconds : 0;
  }

  /**
   * `Produced 100 messages | delivered 96 | Actual rate: 10.2 msg/sec (target 10.0) | chat=70 ...`:
   * generated and acknowledged side by side, so an outage shows as a growing gap.
   */
  report(nowMs: number, counts: DeliveryCounts): string {
    return `Produced ${this.generated} messages | delivered ${counts.delivered} | Actual rate: ${
      this.rate(nowMs).toFixed(1)
    } msg/sec (target ${this.#target()}) | ${this.#perTopic()}`;
  }

  /** One line for the live progress display on a terminal: the report's numbers, shorter. */
  progressLine(nowMs: number, counts: DeliveryCounts): string {
    const failed = counts.failed > 0 ? ` | failed ${counts.failed}` : "";
    const down = counts.kafkaDown ? " | Kafka not acknowledging" : "";
    return `Produced ${this.generated} | delivered ${counts.delivered}${failed} | ${
      this.rate(nowMs).toFixed(1)
    }/s (target ${this.#target()})${down} | ${this.#perTopic()}`;
  }

  /**
   * The final summary, one line: generated = delivered + failed + undelivered, where undelivered
   * are events handed to the sink that Kafka had not acknowledged (nor refused) when the run
   * ended; they may or may not have landed.
   */
  /**
   * The final line. `injected` records (duplicates, malformed extras) are sent besides the
   * generated events: generated + injected = delivered + failed + undelivered; the line keeps
   * its shape (scripts parse it) and names them at its end.
   */
  summary(nowMs: number, counts: DeliveryCounts, injected = 0): string {
    const seconds = Math.max(nowMs - this.#startMs, 0) / 1000;
    const undelivered = Math.max(0, this.generated + injected - counts.delivered - counts.failed);
    return `Summary: generated ${this.generated}, delivered ${counts.delivered}, failed ${counts.failed}, undelivered ${undelivered}` +
      ` in ${seconds.toFixed(1)}s (${this.rate(nowMs).toFixed(1)} events/s) | ${this.#perTopic()}` +
      (counts.outages > 0
        ? ` | Kafka outages: ${counts.outages} (${(counts.outageMs / 1000).toFixed(1)}s)`
        : "") +
      (injected > 0
        ? ` | injected ${injected} records (duplicates and malformed, counted in delivered)`
        : "");
  }

  #target(): string {
    const target = this.#options.targetRate;
    const rate = typeof target === "number" ? target : target();
    return rate > 0 ? rate.toFixed(1) : typeof target === "number" ? "max" : "0.0";
  }

  #perTopic(): string {
    return EVENT_KINDS.map((k) => `${TOPIC_SUFFIX[k]}=${this.byKind[k]}`).join(" ");
  }

  #notable(event: GeneratedEvent): Notable | undefined {
    switch (event.kind) {
      case "transaction": {
        const v = event.value;
        const who = v.is_anonymous ? "an anonymous viewer" : (v.username ?? "someone");
        const amount = v.amount.toFixed(2);
        return {
          line: `Transaction: ${v.transaction_type} $${amount} from ${who} to ${event.channel}`,
          always: false,
        };
      }
      case "stream_meta": {
        const line = streamMetaNote(event.channel, event.value);
        return line === undefined ? undefined : { line, always: true };
      }
      case "viewer": {
        const jump = event.viewerJump ?? 0;
        if (jump > 0) {
          return { line: `Viewer spike: +${jump} viewers! (${event.channel})`, always: false };
        }
        if (jump < 0) {
          return { line: `Viewer drop: ${jump} viewers (${event.channel})`, always: false };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

interface Notable {
  readonly line: string;
  /** Logged whatever the limit: stream starts, ends and raids. */
  readonly always: boolean;
}

function streamMetaNote(channel: string, v: StreamMeta): string | undefined {
  switch (v.event_type) {
    case "stream_start":
      return `Stream started for channel: ${channel} (${v.title} | ${v.category})`;
    case "stream_end":
      return `Stream ended for channel: ${channel}`;
    case "raid_incoming":
      return `Raid incoming to ${channel}` +
        (v.raid !== undefined ? ` from ${v.raid.from_channel} with ${v.raid.viewers} viewers` : "");
    case "raid_outgoing":
      return `Raid outgoing from ${channel}` +
        (v.raid !== undefined ? ` to ${v.raid.to_channel} with ${v.raid.viewers} viewers` : "");
    default:
      return undefined;
  }
}

/** `14`, `2.5`, `0.03`: a rate estimate with a sensible number of digits. */
export function formatRate(perSecond: number): string {
  return perSecond >= 10
    ? Math.round(perSecond).toLocaleString("en-US")
    : perSecond >= 1
    ? perSecond.toFixed(1)
    : perSecond.toPrecision(1);
}
