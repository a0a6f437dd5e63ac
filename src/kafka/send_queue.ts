/**
 * The producer sink's pure half: the queue of accepted records cut into sends, the in-flight
 * accounting (accepted = delivered + failed + in flight), the bounded buffer, and the one outage
 * detector. No I/O and no timers: time comes in as numbers, and the kafkajs wrapper
 * (producer_sink.ts) asks it what to send next and tells it what happened.
 */
import {
  type BatchLimits,
  estimatedSize,
  nextBatchLength,
  type OutgoingRecord,
} from "./batching.ts";
import { DeliveryLedger, type ProducerSinkStats } from "./delivery_ledger.ts";
import { type OutageNotice, OutageWatch, type OutageWatchOptions } from "./outage_watch.ts";

export interface SendQueueOptions extends OutageWatchOptions {
  readonly limits: BatchLimits;
  /** Sends at once (1 for the idempotent producer). */
  readonly maxInFlight: number;
  /** Room is there while at most this many records, and this many estimated bytes, wait. */
  readonly maxBuffered: number;
  readonly maxBufferedBytes: number;
}

/** One send taken from the queue: its records, and the token its outcome is reported with. */
export interface Send {
  readonly records: readonly OutgoingRecord[];
  /** Their estimated size (what they hold of the buffer). */
  readonly bytes: number;
  readonly token: number;
}

export class SendQueue {
  readonly #options: SendQueueOptions;
  readonly #ledger = new DeliveryLedger();
  readonly #watch: OutageWatch;
  /** Accepted, not yet taken by a send (sent records must not stay reachable from here). */
  #queue: OutgoingRecord[] = [];
  /** The estimatedSize of each queued record, computed once when it is accepted. */
  #sizes: number[] = [];
  #activeSends = 0;
  #bufferedBytes = 0;
  /** While true (a producer is being replaced, or the queue gave up), nothing new is sent. */
  paused = false;

  constructor(options: SendQueueOptions) {
    this.#options = options;
    this.#watch = new OutageWatch(options);
  }

  get inFlight(): number {
    return this.#ledger.inFlight;
  }

  /** Records queued and not yet taken by a send. */
  get queued(): number {
    return this.#queue.length;
  }

  get activeSends(): number {
    return this.#activeSends;
  }

  /** Whether `write` may return: the buffer is under both limits. */
  hasRoom(): boolean {
    return this.#ledger.inFlight <= this.#options.maxBuffered &&
      this.#bufferedBytes <= this.#options.maxBufferedBytes;
  }

  /** Nothing queued and nothing being sent. */
  idle(): boolean {
    return this.queued === 0 && this.#activeSends === 0;
  }

  /** Counts `records` as accepted, and queues them unless `queue` is false (they fail at once). */
  accept(records: readonly OutgoingRecord[], queue = true): void {
    this.#ledger.accept(records);
    for (const record of records) {
      const size = estimatedSize(record);
      this.#bufferedBytes += size;
      if (queue) {
        this.#queue.push(record);
        this.#sizes.push(size);
      }
    }
  }

  /** The next send, if one may start now (fewer than maxInFlight running, not paused). */
  take(nowMs: number): Send | undefined {
    if (this.paused || this.#activeSends >= this.#options.maxInFlight || this.queued === 0) {
      return undefined;
    }
    // Taken records leave the array at once: at full speed the queue never empties, and an
    // earlier version that compacted it only past 100,000 taken records kept that many records
    // and their events (≈ 80 MB) alive, so the capped heap filled with them and produce --rate 0
    // peaked above 200 MB RSS.
    const n = nextBatchLength(this.#sizes, 0, this.#options.limits);
    const records = this.#queue.splice(0, n);
    let bytes = 0;
    for (const size of this.#sizes.splice(0, n)) bytes += size;
    this.#activeSends++;
    return { records, bytes, token: this.#watch.sendStarted(nowMs) };
  }

  /** Everything still queued, taken out to be failed (after a fatal error). */
  drain(): OutgoingRecord[] {
    const rest = this.#queue;
    this.#queue = [];
    this.#sizes = [];
    return rest;
  }

  /** Kafka acknowledged the send; returns the "acknowledging again" notice after an outage. */
  delivered(send: Send, nowMs: number): OutageNotice | undefined {
    this.#activeSends--;
    this.#bufferedBytes -= send.bytes;
    this.#ledger.deliver(send.records);
    return this.#watch.sendAcknowledged(send.token, nowMs);
  }

  /** The send failed for good: its records count as failed. */
  sendFailed(send: Send): void {
    this.#activeSends--;
    this.#watch.sendFailed(send.token);
    this.#bufferedBytes -= send.bytes;
    this.#ledger.fail(send.records);
  }

  /** Records that will never be sent (a fatal error, or refused before sending). */
  failed(records: readonly OutgoingRecord[]): void {
    for (const record of records) this.#bufferedBytes -= estimatedSize(record);
    this.#ledger.fail(records);
  }

  /** What the client last complained about, for the outage warning. */
  noteProblem(reason: string): void {
    this.#watch.noteProblem(reason);
  }

  /** Called periodically: the outage warning, when one is due. */
  check(nowMs: number): OutageNotice | undefined {
    return this.#watch.check(nowMs, this.#ledger.inFlight);
  }

  stats(nowMs: number): ProducerSinkStats {
    const watch = this.#watch;
    return {
      ...this.#ledger.snapshot(),
      outages: watch.outages,
      outageMs: watch.outageMs + (watch.down ? watch.silentForMs(nowMs) : 0),
      kafkaDown: watch.down,
    };
  }
}
