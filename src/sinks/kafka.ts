/**
 * The Kafka sink of `produce`: makes sure the topics exist, then hands events to the producer
 * sink of src/kafka/ as records — JSON value, key = channel, record timestamp = event time, and an
 * `event_type` header naming the event's schema.
 */
import { getLogger } from "@logtape/logtape";
import type { Kind } from "../config/topics.ts";
import { EVENT_TYPE_HEADER, SCHEMA_OF_KIND } from "../generator/event_kinds.ts";
import type { GeneratedEvent } from "../generator/types.ts";
import { type AdminClient, ensureTopics, openAdmin } from "../kafka/admin.ts";
import { createKafka } from "../kafka/client.ts";
import {
  type Compression,
  openProducerSink,
  type OutgoingRecord,
  type ProducerSink,
} from "../kafka/producer.ts";
import type { KafkaSettings } from "../kafka/settings.ts";
import type { DeliveryCounts, EventSink } from "./types.ts";

const log = getLogger(["telemetra", "produce"]);

export interface KafkaSinkHooks {
  onDelivered?(records: readonly OutgoingRecord[]): void;
  onFailed?(records: readonly OutgoingRecord[]): void;
  /** An outage was declared (true), or Kafka acknowledged again (false). */
  onOutage?(down: boolean): void;
}

/** What the Kafka sink needs to know of a produce run. */
export interface KafkaEventSinkOptions {
  readonly topics: Readonly<Record<Kind, string>>;
  /** Partitions and replication factor of topics it creates. */
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly compression: Compression;
  /** Events per send. */
  readonly batchSize: number;
  /** A backfill: how old its oldest records are (topics are created to keep them). */
  readonly backfillAgeMs?: number | undefined;
  /** Headers every record carries besides `event_type` (a coordinated replica's name). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * The `event_type` header of each kind: one object per kind, shared by its records, and frozen,
 * so the Produce encoder may encode it once (src/kafka/record_batch_encoding.ts).
 */
const HEADERS_OF_KIND: Readonly<Record<Kind, Readonly<Record<string, string>>>> = {
  chat: Object.freeze({ [EVENT_TYPE_HEADER]: SCHEMA_OF_KIND.chat }),
  viewer: Object.freeze({ [EVENT_TYPE_HEADER]: SCHEMA_OF_KIND.viewer }),
  transaction: Object.freeze({ [EVENT_TYPE_HEADER]: SCHEMA_OF_KIND.transaction }),
  stream_meta: Object.freeze({ [EVENT_TYPE_HEADER]: SCHEMA_OF_KIND.stream_meta }),
};

/** The kinds' headers with `extra` added to each. */
function headersOfKind(
  extra: Readonly<Record<string, string>> | undefined,
): Readonly<Record<Kind, Readonly<Record<string, string>>>> {
  if (extra === undefined) return HEADERS_OF_KIND;
  const of = (kind: Kind) => Object.freeze({ ...HEADERS_OF_KIND[kind], ...extra });
  return {
    chat: of("chat"),
    viewer: of("viewer"),
    transaction: of("transaction"),
    stream_meta: of("stream_meta"),
  };
}

/** The header naming what the disorder stage did to a record (late, duplicate, malformed). */
export const ANOMALY_HEADER = "telemetra.anomaly";

/** The record for one event (or for a malformed extra, its bytes as given). */
export function toRecord(
  event: GeneratedEvent,
  topics: KafkaEventSinkOptions["topics"],
  kindHeaders: Readonly<Record<Kind, Readonly<Record<string, string>>>> = HEADERS_OF_KIND,
): OutgoingRecord {
  return {
    topic: topics[event.kind],
    key: event.channel,
    value: valueOf(event),
    timestampMs: Math.floor(event.timestampMs),
    headers: headersOf(event, kindHeaders),
    event,
  };
}

/**
 * toRecord's record, its value serialised only when read: for the delivery hooks of records a
 * worker sent (`--workers N`), where only the truth reads values.
 */
export function settledRecord(
  event: GeneratedEvent,
  topics: KafkaEventSinkOptions["topics"],
): OutgoingRecord {
  return new SettledRecord(event, topics[event.kind]);
}

class SettledRecord implements OutgoingRecord {
  readonly key: string;
  readonly timestampMs: number;
  readonly headers: Readonly<Record<string, string>>;
  #value: string | undefined;

  constructor(readonly event: GeneratedEvent, readonly topic: string) {
    this.key = event.channel;
    this.timestampMs = Math.floor(event.timestampMs);
    this.headers = headersOf(event);
  }

  get value(): string {
    return this.#value ??= valueOf(this.event);
  }
}

function valueOf(event: GeneratedEvent): string {
  return event.malformed?.value ?? JSON.stringify(event.value);
}

function headersOf(
  event: GeneratedEvent,
  kindHeaders: Readonly<Record<Kind, Readonly<Record<string, string>>>> = HEADERS_OF_KIND,
): Readonly<Record<string, string>> {
  const eventType = event.malformed?.eventType || SCHEMA_OF_KIND[event.kind];
  return event.anomaly === undefined
    ? event.malformed === undefined ? kindHeaders[event.kind] : { [EVENT_TYPE_HEADER]: eventType }
    : { [EVENT_TYPE_HEADER]: eventType, [ANOMALY_HEADER]: event.anomaly };
}

/**
 * Connects (with retry) and ensures the four topics; returns their partition counts. For runs
 * whose producers are opened elsewhere (the workers of `--workers N`).
 */
export async function ensureKafkaTopics(
  config: KafkaEventSinkOptions,
  settings: KafkaSettings,
  signal: AbortSignal,
): Promise<ReadonlyMap<string, number>> {
  const admin = await openAdmin(createKafka(settings), settings, { signal });
  try {
    return await ensureWith(admin, config, settings);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function ensureWith(
  admin: AdminClient,
  config: KafkaEventSinkOptions,
  settings: KafkaSettings,
): Promise<ReadonlyMap<string, number>> {
  log.info("Successfully connected to Kafka at {brokers}", {
    brokers: settings.brokers.join(","),
  });
  const result = await ensureTopics(admin, Object.values(config.topics), {
    partitions: config.partitions,
    replicationFactor: config.replicationFactor,
    backfillAgeMs: config.backfillAgeMs,
  }, { brokers: settings.brokers, security: settings.security });
  return result.partitions;
}

/**
 * Connects (with retry), ensures the four topics, opens the producer. Given the topics'
 * `partitions` (already ensured by ensureKafkaTopics), it only opens the producer.
 */
export async function openKafkaEventSink(
  config: KafkaEventSinkOptions,
  settings: KafkaSettings,
  signal: AbortSignal,
  hooks: KafkaSinkHooks = {},
  partitions?: ReadonlyMap<string, number>,
): Promise<EventSink> {
  let admin: AdminClient | undefined;
  if (partitions === undefined) {
    admin = await openAdmin(createKafka(settings), settings, { signal });
    try {
      partitions = await ensureWith(admin, config, settings);
    } catch (error) {
      await admin.disconnect().catch(() => {});
      throw error;
    }
  }
  // The same admin client goes on looking topics up for the producer: one connection less.
  const producer: ProducerSink = await openProducerSink(settings, {
    ...(admin === undefined ? {} : { admin }),
    compression: config.compression,
    maxBatchRecords: config.batchSize,
    // Two sends' worth (at least 2,000 events): one send in flight while the next fills, which
    // is all the overlap one send at a time allows; small, so an outage pauses generation within
    // seconds at common rates. Twice that kept twice the events alive across garbage collections
    // for nothing: at full speed 8 % more CPU, and no faster.
    maxBufferedRecords: Math.max(2000, 2 * config.batchSize),
    // And at most 8 MiB of values, whatever the batch size: memory stays bounded.
    maxBufferedBytes: 8 * 1024 * 1024,
    partitionCounts: partitions,
    signal,
    ...(hooks.onDelivered ? { onDelivered: hooks.onDelivered } : {}),
    ...(hooks.onFailed ? { onFailed: (records) => hooks.onFailed!(records) } : {}),
    ...(hooks.onOutage ? { onOutage: hooks.onOutage } : {}),
  });
  const topics = config.topics;
  const kindHeaders = headersOfKind(config.headers);
  const sink: EventSink = {
    write(batch, signal) {
      const records = new Array<OutgoingRecord>(batch.length);
      for (let i = 0; i < batch.length; i++) records[i] = toRecord(batch[i]!, topics, kindHeaders);
      return producer.write(records, signal);
    },
    close: (timeoutMs) => producer.close(timeoutMs),
    counts(): DeliveryCounts {
      const stats = producer.stats;
      const deliveredByTopic: Record<string, number> = {};
      for (const [topic, t] of Object.entries(stats.byTopic)) deliveredByTopic[topic] = t.delivered;
      return {
        accepted: stats.accepted,
        delivered: stats.delivered,
        failed: stats.failed,
        deliveredByTopic,
        outages: stats.outages,
        outageMs: stats.outageMs,
        kafkaDown: stats.kafkaDown,
      };
    },
    partitionCounts: partitions,
    [Symbol.asyncDispose]: () => producer.close(),
  };
  return sink;
}
