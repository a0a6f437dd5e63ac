/**
 * The producer sink: accepts batches of pre-serialised records, sends them to Kafka in large
 * `sendBatch` calls, applies backpressure through a bounded buffer and accounts for every record
 * (accepted = delivered + failed + in flight).
 *
 * Exactly-once through broker restarts: the producer is idempotent (acks=all, one request in
 * flight per connection) and this sink keeps ONE send outstanding at a time. kafkajs rolls a
 * partition's sequence numbers back when a send fails; a second concurrent send could then
 * reuse them and be taken by the broker for a duplicate of the first. While a broker is down
 * kafkajs keeps retrying the same send (same sequence numbers, so the broker discards copies it
 * already has) for about `deliveryTimeoutMs`. If a send still fails, its records count as failed
 * and a fresh producer (new producer id) takes over, so no later send can collide with it.
 */
import { getLogger } from "@logtape/logtape";
import { CompressionTypes, type Kafka, type Producer } from "kafkajs";
import { type KafkaError, UsageError } from "../errors.ts";
import { openAdmin } from "./admin.ts";
import {
  countByTopic,
  nextBatchLength,
  type OutgoingRecord,
  partitionsOf,
  toTopicMessages,
} from "./batching.ts";
import { createKafka } from "./client.ts";
import { toKafkaError } from "./errors.ts";
import { retryForBudget } from "./retry_budget.ts";
import type { KafkaSettings } from "./settings.ts";
import { DeliveryLedger, type ProducerSinkStats } from "./delivery_ledger.ts";
import { TopicCatalog } from "./topic_catalog.ts";

export type { OutgoingRecord } from "./batching.ts";
export type { ProducerSinkStats, TopicDelivery } from "./delivery_ledger.ts";

const log = getLogger(["telemetra", "kafka", "producer"]);

export type Compression = "none" | "gzip" | "snappy";

const COMPRESSION_TYPE: Record<Compression, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
};

export interface ProducerSinkOptions {
  /** Record batch compression (default snappy, as the seed producer). */
  readonly compression?: Compression;
  /** Records per send (default 2000). */
  readonly maxBatchRecords?: number;
  /** Estimated bytes per send, under the broker's 1 MB message.max.bytes (default 900,000). */
  readonly maxBatchBytes?: number;
  /** Records accepted but not yet delivered before `write` waits (default 4 × maxBatchRecords). */
  readonly maxBufferedRecords?: number;
  /** Exactly-once delivery through retries (default true). */
  readonly idempotent?: boolean;
  /** Concurrent sends; must be 1 when idempotent (default 1). */
  readonly maxInFlight?: number;
  /** How long a send keeps retrying through an outage before its records count as failed. */
  readonly deliveryTimeoutMs?: number;
  /** A `write` waiting this long for room is logged as a pause (default 5000). */
  readonly stallWarningMs?: number;
  /** Partition counts already known (from ensureTopics); other topics are looked up once. */
  readonly partitionCounts?: ReadonlyMap<string, number>;
  /** Stops the initial connection attempts. */
  readonly signal?: AbortSignal;
  /** Called after each successful send with its records. */
  readonly onDelivered?: (records: readonly OutgoingRecord[]) => void;
  /** Called after each failed send with its records and the reason. */
  readonly onFailed?: (records: readonly OutgoingRecord[], error: KafkaError) => void;
}

export interface ProducerSink extends AsyncDisposable {
  /**
   * Accepts records; resolves when the buffer has room again (backpressure). Rejects with a
   * KafkaError, accepting none of them, when a topic they name does not exist; and once Kafka
   * has been unreachable past the delivery timeout and reconnecting failed.
   */
  write(records: readonly OutgoingRecord[]): Promise<void>;
  /** Resolves when every accepted record is delivered or failed. */
  flush(): Promise<void>;
  /** Flushes, then disconnects. Idempotent. */
  close(): Promise<void>;
  /** A snapshot of the counters. */
  readonly stats: ProducerSinkStats;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${name} must be an integer ≥ 1, got ${value}`);
  }
  return value;
}

/** Connects (with the settings' retry policy) and returns a sink ready for `write`. */
export async function openProducerSink(
  settings: KafkaSettings,
  options: ProducerSinkOptions = {},
): Promise<ProducerSink> {
  const idempotent = options.idempotent ?? true;
  const maxInFlight = positiveInteger(options.maxInFlight ?? 1, "in-flight sends");
  if (idempotent && maxInFlight > 1) {
    throw new UsageError(
      `the idempotent producer sends one batch at a time; in-flight sends must be 1, got ${maxInFlight}`,
    );
  }
  const maxBatchRecords = positiveInteger(options.maxBatchRecords ?? 2000, "batch size");
  const config: SinkConfig = {
    settings,
    idempotent,
    maxInFlight,
    compression: COMPRESSION_TYPE[options.compression ?? "snappy"],
    limits: {
      maxRecords: maxBatchRecords,
      maxBytes: positiveInteger(options.maxBatchBytes ?? 900_000, "batch bytes"),
    },
    maxBuffered: positiveInteger(
      options.maxBufferedRecords ?? 4 * maxBatchRecords,
      "buffered records",
    ),
    stallWarningMs: options.stallWarningMs ?? 5000,
    options,
  };
  // A quick client proves the cluster is reachable, logging each attempt; the producer's own
  // client is the patient one that rides through outages while sending.
  // Its admin client stays to look up topics the first time records name them.
  const admin = await openAdmin(createKafka(settings), settings, { signal: options.signal });
  const topics = new TopicCatalog(admin, settings, options.partitionCounts);
  const kafka = createKafka(settings, {
    retry: retryForBudget(options.deliveryTimeoutMs ?? 120_000),
  });
  const sink = new KafkaProducerSink(kafka, topics, config);
  try {
    await sink.connect();
  } catch (error) {
    await topics.close();
    throw error;
  }
  return sink;
}

interface SinkConfig {
  readonly settings: KafkaSettings;
  readonly idempotent: boolean;
  readonly maxInFlight: number;
  readonly compression: CompressionTypes;
  readonly limits: { readonly maxRecords: number; readonly maxBytes: number };
  readonly maxBuffered: number;
  readonly stallWarningMs: number;
  readonly options: ProducerSinkOptions;
}

class KafkaProducerSink implements ProducerSink {
  #producer: Producer;
  #queue: OutgoingRecord[] = [];
  #head = 0;
  #activeSends = 0;
  #replacing: Promise<void> | undefined;
  #fatal: KafkaError | undefined;
  #closed: Promise<void> | undefined;
  #ledger = new DeliveryLedger();
  #waiters: Array<() => boolean> = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: TopicCatalog,
    private readonly config: SinkConfig,
  ) {
    this.#producer = this.#newProducer();
  }

  #newProducer(): Producer {
    return this.kafka.producer({
      idempotent: this.config.idempotent,
      maxInFlightRequests: this.config.idempotent ? 1 : undefined,
      allowAutoTopicCreation: false,
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
  }

  get stats(): ProducerSinkStats {
    return this.#ledger.snapshot();
  }

  #queued(): number {
    return this.#queue.length - this.#head;
  }

  #hasRoom(): boolean {
    return this.#fatal !== undefined || this.#ledger.inFlight <= this.config.maxBuffered;
  }

  #idle(): boolean {
    return this.#queued() === 0 && this.#activeSends === 0 && this.#replacing === undefined;
  }

  async write(records: readonly OutgoingRecord[]): Promise<void> {
    if (this.#closed) throw new Error("write() after close()");
    if (records.length === 0) return;
    const unknownTopics = this.topics.unknownTopics(records);
    if (unknownTopics.length > 0) await this.topics.require(unknownTopics);
    this.#ledger.accept(records);
    if (this.#fatal) {
      this.#fail(records, this.#fatal);
      throw this.#fatal;
    }
    for (const record of records) this.#queue.push(record);
    this.#pump();
    if (!this.#hasRoom()) await this.#waitFor(() => this.#hasRoom(), true);
    if (this.#fatal) throw this.#fatal;
  }

  flush(): Promise<void> {
    return this.#waitFor(() => this.#idle(), false);
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.flush();
      await this.topics.close();
      await this.#producer.disconnect().catch((error) => {
        log.debug("Producer disconnect failed: {error}", { error });
      });
    })();
    return this.#closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #waitFor(condition: () => boolean, isBackpressure: boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    const started = Date.now();
    let warned = false;
    const timer = isBackpressure
      ? setTimeout(() => {
        warned = true;
        this.#ledger.stalls++;
        log.warn(
          "Kafka is not taking events: {waiting} waiting for {seconds}s; generation paused",
          { waiting: this.#ledger.inFlight, seconds: Math.round((Date.now() - started) / 1000) },
        );
      }, this.config.stallWarningMs)
      : undefined;
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return false;
        clearTimeout(timer);
        if (warned) {
          const pausedMs = Date.now() - started;
          this.#ledger.stalledMs += pausedMs;
          log.info("Kafka is taking events again after a {seconds}s pause", {
            seconds: Math.round(pausedMs / 1000),
          });
        }
        resolve();
        return true;
      };
      this.#waiters.push(check);
    });
  }

  #notify(): void {
    this.#waiters = this.#waiters.filter((check) => !check());
  }

  #pump(): void {
    if (this.#fatal && this.#queued() > 0) {
      const rest = this.#queue.slice(this.#head);
      this.#queue = [];
      this.#head = 0;
      this.#fail(rest, this.#fatal);
    }
    while (
      this.#activeSends < this.config.maxInFlight && this.#queued() > 0 &&
      this.#replacing === undefined
    ) {
      const n = nextBatchLength(this.#queue, this.#head, this.config.limits);
      const batch = this.#queue.slice(this.#head, this.#head + n);
      this.#head += n;
      if (this.#head === this.#queue.length) {
        this.#queue = [];
        this.#head = 0;
      } else if (this.#head > 100_000) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      this.#activeSends++;
      void this.#send(batch);
    }
    this.#notify();
  }

  async #send(batch: OutgoingRecord[]): Promise<void> {
    try {
      await this.#producer.sendBatch({
        topicMessages: toTopicMessages(batch),
        acks: -1,
        compression: this.config.compression,
      });
      this.#ledger.deliver(batch);
      this.#callback(() => this.config.options.onDelivered?.(batch));
    } catch (error) {
      this.#fail(batch, toKafkaError(error, { ...this.#context, action: "deliver events" }));
      if (this.config.idempotent && !this.#fatal) this.#replaceProducer();
    } finally {
      this.#activeSends--;
      this.#pump();
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

  #fail(records: readonly OutgoingRecord[], error: KafkaError): void {
    this.#ledger.fail(records);
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
