/**
 * The one outage detector of the producer: pure, time comes in as numbers. The sink tells it when
 * a send starts, is acknowledged or fails, and what the client last complained about
 * (`connection refused`); a timer asks it once a second whether to speak.
 *
 * Kafka counts as "not acknowledging" from the start of the oldest send that has not been
 * acknowledged: once that is `thresholdMs` old, one WARNING, repeated at most every `repeatMs`
 * with fresh numbers. "Acknowledging again" is said only when an acknowledgement arrives.
 */

export interface OutageWatchOptions {
  /** A send outstanding this long is an outage (default 5 s: warned within 10 s). */
  readonly thresholdMs?: number;
  /** While it lasts, the warning is repeated at most this often (default 30 s). */
  readonly repeatMs?: number;
}

export type OutageNotice =
  | {
    readonly kind: "down";
    /** `Kafka not acknowledging for 10s: 512 events waiting (127.0.0.1:9092: connection refused)` */
    readonly message: string;
    /** True for the first warning of an outage. */
    readonly first: boolean;
  }
  | {
    readonly kind: "up";
    /** `Kafka acknowledging again after 43s (512 events were waiting)` */
    readonly message: string;
    readonly outageMs: number;
  };

export const DEFAULT_OUTAGE_THRESHOLD_MS = 5000;
export const DEFAULT_OUTAGE_REPEAT_MS = 30_000;

export class OutageWatch {
  readonly #thresholdMs: number;
  readonly #repeatMs: number;
  /** Start times of the sends in flight. */
  readonly #sends = new Map<number, number>();
  #nextToken = 0;
  /** Start of the oldest send not acknowledged since; survives failed sends. */
  #unackedSinceMs: number | undefined;
  #reason: string | undefined;
  #lastWarnMs: number | undefined;
  #waitingAtWarn = 0;
  /** Outages declared, and their total length once over. */
  outages = 0;
  outageMs = 0;

  constructor(options: OutageWatchOptions = {}) {
    this.#thresholdMs = options.thresholdMs ?? DEFAULT_OUTAGE_THRESHOLD_MS;
    this.#repeatMs = options.repeatMs ?? DEFAULT_OUTAGE_REPEAT_MS;
  }

  /** Whether an outage has been declared and no acknowledgement came since. */
  get down(): boolean {
    return this.#lastWarnMs !== undefined;
  }

  /** Milliseconds Kafka has not acknowledged for at `nowMs` (0 when nothing is waiting). */
  silentForMs(nowMs: number): number {
    return this.#unackedSinceMs === undefined ? 0 : Math.max(0, nowMs - this.#unackedSinceMs);
  }

  sendStarted(nowMs: number): number {
    const token = this.#nextToken++;
    this.#sends.set(token, nowMs);
    this.#unackedSinceMs ??= nowMs;
    return token;
  }

  /** An acknowledgement: ends an outage (returns the "again" notice when one was declared). */
  sendAcknowledged(token: number, nowMs: number): OutageNotice | undefined {
    this.#sends.delete(token);
    let oldest: number | undefined;
    for (const started of this.#sends.values()) oldest = Math.min(oldest ?? started, started);
    const outageStart = this.#unackedSinceMs;
    this.#unackedSinceMs = oldest;
    this.#reason = undefined;
    if (this.#lastWarnMs === undefined || outageStart === undefined) return undefined;
    this.#lastWarnMs = undefined;
    const outageMs = Math.max(0, nowMs - outageStart);
    this.outageMs += outageMs;
    return {
      kind: "up",
      message: `Kafka acknowledging again after ${
        seconds(outageMs)
      }s (${this.#waitingAtWarn} events were waiting)`,
      outageMs,
    };
  }

  /** A send failed for good; the records it held count as failed elsewhere. */
  sendFailed(token: number, reason?: string): void {
    this.#sends.delete(token);
    if (reason !== undefined) this.#reason = reason;
  }

  /** What the client last reported while trying (e.g. `127.0.0.1:9092: connection refused`). */
  noteProblem(reason: string): void {
    this.#reason = reason;
  }

  /** Called periodically: a warning when Kafka has been silent too long (and not warned lately). */
  check(nowMs: number, waiting: number): OutageNotice | undefined {
    if (this.#unackedSinceMs === undefined || waiting <= 0) return undefined;
    const silentMs = nowMs - this.#unackedSinceMs;
    if (silentMs < this.#thresholdMs) return undefined;
    if (this.#lastWarnMs !== undefined && nowMs - this.#lastWarnMs < this.#repeatMs) {
      return undefined;
    }
    const first = this.#lastWarnMs === undefined;
    if (first) this.outages++;
    this.#lastWarnMs = nowMs;
    this.#waitingAtWarn = waiting;
    const why = this.#reason === undefined ? "" : ` (${this.#reason})`;
    return {
      kind: "down",
      message: `Kafka not acknowledging for ${seconds(silentMs)}s: ${waiting} events waiting${why}`,
      first,
    };
  }
}

function seconds(ms: number): string {
  return String(Math.round(ms / 1000));
}

/**
 * What a kafkajs error log entry says about reaching the cluster, in a few words, or undefined
 * when it says nothing about it. `broker` is the address kafkajs attached, when it did.
 */
export function problemOf(message: string, broker?: string): string | undefined {
  const refused = /ECONNREFUSED\s+(\S+)|Connection refused/i.exec(message);
  const where = (address: string | undefined) => address ?? broker;
  const at = (text: string, address?: string) => {
    const a = where(address);
    return a === undefined ? text : `${a}: ${text}`;
  };
  if (refused) return at("connection refused", refused[1]);
  if (/closed connection|connection closed|ECONNRESET|reset by peer/i.test(message)) {
    return at("connection closed");
  }
  if (/ETIMEDOUT|Connection timeout|timed out/i.test(message)) return at("timed out");
  if (/ENOTFOUND|EAI_AGAIN|failed to lookup|Name or service not known/i.test(message)) {
    return at("host not found");
  }
  if (/fewer in-sync replicas|not enough replicas|NOT_ENOUGH_REPLICAS/i.test(message)) {
    return at("not enough in-sync replicas");
  }
  if (/leader/i.test(message)) return at("no leader for a partition");
  return undefined;
}
