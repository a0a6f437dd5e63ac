/**
 * The producer sink's engine: a queue cut into sendBatch calls, bounded by the buffer limit,
 * with every record accounted for. See producer.ts for why one send is outstanding at a time.
 */
import { getLogger } from "@logtape/logtape";
import type { CompressionTypes, Kafka, Producer } from "kafkajs";
import type { KafkaError } from "../errors.ts";
import {
  countByTopic,
  nextBatchLength,
  type OutgoingRecord,
  partitionsOf,
  toTopicMessages,
} from "./batching.ts";
import { DeliveryLedger, type ProducerSinkStats } from "./delivery_ledger.ts";
import { toKafkaError } from "./errors.ts";
import type { ProducerSink, ProducerSinkOptions } from "./producer.ts";
import type { KafkaSettings } from "./settings.ts";
import type { TopicCatalog } from "./topic_catalog.ts";

const log = getLogger(["telemetra", "kafka", "producer"]);

export interface SinkConfig {
  readonly settings: KafkaSettings;
  readonly idempotent: boolean;
  readonly maxInFlight: number;
  readonly compression: CompressionTypes;
  readonly limits: { readonly maxRecords: number; readonly maxBytes: number };
  readonly maxBuffered: number;
  readonly stallWarningMs: number;
  readonly options: ProducerSinkOptions;
}

export class KafkaProducerSink implements ProducerSink {
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
