/**
 * The producer sink's I/O half: a thin kafkajs wrapper around the pure SendQueue (send_queue.ts),
 * which decides what to send and keeps every record accounted for. This file holds the kafkajs
 * producer, replaces it after a failed send, runs the outage check's timer and the waits of
 * `write`, `flush` and `close`. See producer.ts for why one send is outstanding at a time.
 */
import { getLogger } from "@logtape/logtape";
import type { CompressionTypes, Kafka, Producer } from "kafkajs";
import { KafkaError } from "../errors.ts";
import {
  countByTopic,
  memoisedPartitioner,
  type OutgoingRecord,
  partitionsOf,
  toTopicMessages,
  unacknowledged,
} from "./batching.ts";
import type { ProducerSinkStats } from "./delivery_ledger.ts";
import { toKafkaError } from "./errors.ts";
import type { ProducerSink, ProducerSinkOptions } from "./producer_types.ts";
import type { Send, SendQueue } from "./send_queue.ts";
import type { KafkaSettings } from "./settings.ts";
import type { TopicCatalog } from "./topic_catalog.ts";

const log = getLogger(["telemetra", "kafka", "producer"]);

export interface SinkConfig {
  readonly settings: KafkaSettings;
  readonly idempotent: boolean;
  readonly compression: CompressionTypes;
  /** What to send and the accounting; the sink asks it for an outage warning every `checkEveryMs`. */
  readonly queue: SendQueue;
  readonly checkEveryMs: number;
  /** Epoch ms (injected by tests). */
  readonly now: () => number;
  readonly options: ProducerSinkOptions;
}

/** Sends of one batch's skipped records before its send counts as failed. */
const MAX_RESENDS = 10;

/** How long disconnecting may take once the records are flushed, or given up on. */
const DISCONNECT_TIMEOUT_MS = { flushed: 10_000, abandoned: 500 } as const;

export class KafkaProducerSink implements ProducerSink {
  #producer: Producer;
  readonly #queue: SendQueue;
  #replacing: Promise<void> | undefined;
  #fatal: KafkaError | undefined;
  #closed: Promise<void> | undefined;
  /** Set once close() gave up waiting: later outcomes no longer change the counts. */
  #frozen = false;
  #waiters: Array<() => boolean> = [];
  #checkTimer: number | undefined;
  #notifyTimer: number | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: TopicCatalog,
    private readonly config: SinkConfig,
  ) {
    this.#queue = config.queue;
    this.#producer = this.#newProducer();
  }

  #newProducer(): Producer {
    return this.kafka.producer({
      idempotent: this.config.idempotent,
      maxInFlightRequests: this.config.idempotent ? 1 : undefined,
      allowAutoTopicCreation: false,
      createPartitioner: memoisedPartitioner,
    });
  }

  get #context() {
    return { brokers: this.config.settings.brokers, security: this.config.settings.security };
  }

  async connect(): Promise<void> {
    try {
      await this.#producer.connect();
    } catch (error) {
      await this.#producer.disconnect().catch(() => {});
      throw toKafkaError(error, this.#context);
    }
    this.#checkTimer = setInterval(() => this.#check(), this.config.checkEveryMs);
  }

  get stats(): ProducerSinkStats {
    return this.#queue.stats(this.config.now());
  }

  #hasRoom(): boolean {
    return this.#fatal !== undefined || this.#queue.hasRoom();
  }

  #idle(): boolean {
    return this.#queue.idle() && this.#replacing === undefined;
  }

  async write(records: readonly OutgoingRecord[], signal?: AbortSignal): Promise<void> {
    if (this.#closed) throw new Error("write() after close()");
    if (records.length === 0) return;
    const unknownTopics = this.topics.unknownTopics(records);
    if (unknownTopics.length > 0) await this.topics.require(unknownTopics);
    if (this.#fatal) {
      this.#queue.accept(records, false);
      this.#queue.failed(records);
      this.#reportFailure(records, this.#fatal);
      throw this.#fatal;
    }
    this.#queue.accept(records);
    this.#pump();
    if (!this.#hasRoom()) await this.#waitFor(() => this.#hasRoom(), signal);
    if (this.#fatal) throw this.#fatal;
  }

  flush(signal?: AbortSignal): Promise<void> {
    return this.#waitFor(() => this.#idle(), signal);
  }

  close(timeoutMs = Infinity): Promise<void> {
    this.#closed ??= (async () => {
      const flushed = await this.#flushWithin(timeoutMs);
      if (!flushed) this.#frozen = true;
      clearInterval(this.#checkTimer);
      if (this.#notifyTimer !== undefined) {
        clearTimeout(this.#notifyTimer);
        this.#notifyTimer = undefined;
        this.#notify();
      }
      const limit = flushed ? DISCONNECT_TIMEOUT_MS.flushed : DISCONNECT_TIMEOUT_MS.abandoned;
      await withinMs(
        Promise.all([
          this.topics.close(),
          this.#producer.disconnect().catch((error) => {
            log.debug("Producer disconnect failed: {error}", { error });
          }),
        ]),
        limit,
      );
    })();
    return this.#closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Waits until every record is delivered or failed, at most `timeoutMs`; true if it was. */
  async #flushWithin(timeoutMs: number): Promise<boolean> {
    if (!Number.isFinite(timeoutMs)) {
      await this.flush();
      return true;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, timeoutMs));
    try {
      await this.flush(controller.signal);
    } finally {
      clearTimeout(timer);
    }
    return this.#idle();
  }

  /** Resolves when `condition` holds, or at once when `signal` aborts. */
  #waitFor(condition: () => boolean, signal?: AbortSignal): Promise<void> {
    if (condition() || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => {
        this.#waiters = this.#waiters.filter((w) => w !== check);
        resolve();
      };
      const check = () => {
        if (!condition()) return false;
        signal?.removeEventListener("abort", onAbort);
        resolve();
        return true;
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(check);
    });
  }

  #notify(): void {
    this.#waiters = this.#waiters.filter((check) => !check());
  }

  /** Once a second: is Kafka silent for too long? */
  #check(): void {
    const notice = this.#queue.check(this.config.now());
    if (notice?.kind !== "down") return;
    log.warn(notice.message);
    if (notice.first) this.#callback(() => this.config.options.onOutage?.(true));
  }

  #pump(): void {
    if (this.#fatal && this.#queue.queued > 0) {
      const rest = this.#queue.drain();
      this.#queue.failed(rest);
      this.#reportFailure(rest, this.#fatal);
    }
    this.#queue.paused = this.#replacing !== undefined;
    const now = this.config.now();
    let started = false;
    for (let send = this.#queue.take(now); send; send = this.#queue.take(now)) {
      void this.#send(send);
      started = true;
    }
    if (started) this.#notifySoon();
    else this.#notify();
  }

  /**
   * Wakes the waiters on the next turn of the event loop, after the sends just started have
   * encoded their request and written it to the socket (promise callbacks run first; now and then
   * kafkajs still counts the previous request in flight and queues the new one for a later turn).
   * Woken at once, a writer waiting for room would generate its next batch before kafkajs got to
   * encode the send that made the room, and the broker would sit idle meanwhile: at full speed
   * each send's round trip then added to the generating time instead of overlapping it.
   */
  #notifySoon(): void {
    if (this.#notifyTimer !== undefined) return;
    this.#notifyTimer = setTimeout(() => {
      this.#notifyTimer = undefined;
      this.#notify();
    }, 0);
  }

  async #send(send: Send): Promise<void> {
    try {
      await this.#sendAll(send.records);
      if (this.#frozen) return;
      const notice = this.#queue.delivered(send, this.config.now());
      if (notice !== undefined) {
        log.info(notice.message);
        this.#callback(() => this.config.options.onOutage?.(false));
      }
      this.#callback(() => this.config.options.onDelivered?.(send.records));
    } catch (error) {
      if (this.#frozen) return;
      const reason = toKafkaError(error, { ...this.#context, action: "deliver events" });
      this.#queue.sendFailed(send);
      this.#reportFailure(send.records, reason);
      if (this.config.idempotent && !this.#fatal) this.#replaceProducer();
    } finally {
      if (!this.#frozen) this.#pump();
    }
  }

  /**
   * One sendBatch, then again for the records kafkajs skipped after a leader moved (see
   * `unacknowledged`), until every partition of the batch is acknowledged.
   */
  async #sendAll(batch: readonly OutgoingRecord[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1;; attempt++) {
      const acknowledged = await this.#producer.sendBatch({
        topicMessages: toTopicMessages(pending),
        acks: -1,
        compression: this.config.compression,
      });
      const skipped = unacknowledged(pending, acknowledged, (t) => this.topics.partitions(t));
      if (skipped === undefined || skipped.length === 0) return;
      if (attempt >= MAX_RESENDS) {
        throw new KafkaError(
          `Kafka acknowledged ${pending.length - skipped.length} of ${pending.length} events ` +
            `after ${attempt} sends; the partitions of the rest kept moving`,
        );
      }
      log.warn(
        "Kafka acknowledged {acked} of {sent} events; sending the {skipped} of partitions whose " +
          "leader moved again",
        { acked: pending.length - skipped.length, sent: pending.length, skipped: skipped.length },
      );
      pending = skipped;
    }
  }

  /** A fresh producer id after a failed send, so its sequence numbers cannot be reused. */
  #replaceProducer(): void {
    const old = this.#producer;
    this.#producer = this.#newProducer();
    this.#replacing = (async () => {
      await old.disconnect().catch(() => {});
      try {
        await this.#producer.connect();
        log.info("Reconnected to Kafka with a new producer id");
      } catch (error) {
        this.#fatal = toKafkaError(error, this.#context);
        log.error("Giving up on Kafka: {reason}", { reason: this.#fatal.message });
      }
    })().finally(() => {
      this.#replacing = undefined;
      this.#pump();
    });
  }

  /** Logs records that could not be delivered, by topic and partition, and tells the caller. */
  #reportFailure(records: readonly OutgoingRecord[], error: KafkaError): void {
    for (const [topic, count] of countByTopic(records)) {
      const partitionCount = this.topics.partitions(topic);
      const partitions = partitionCount === undefined
        ? ""
        : ` (partition ${partitionsOf(records, topic, partitionCount).join(", ")})`;
      log.error("Could not deliver {count} events to {topic}{partitions}: {reason}", {
        count,
        topic,
        partitions,
        reason: error.message,
      });
    }
    this.#callback(() => this.config.options.onFailed?.(records, error));
  }

  #callback(call: () => void): void {
    try {
      call();
    } catch (error) {
      log.error("A delivery callback threw: {error}", { error });
    }
  }
}

/** Waits for `promise` at most `ms`; never rejects. */
async function withinMs(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: number | undefined;
  await Promise.race([
    promise.catch(() => {}),
    new Promise<void>((resolve) => timer = setTimeout(resolve, ms)),
  ]);
  clearTimeout(timer);
}
