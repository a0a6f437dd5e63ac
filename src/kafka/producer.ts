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
// First: kafkajs must not load before its grouping is replaced (see grouping_fix.ts).
import "./grouping_fix.ts";
import { CompressionTypes } from "kafkajs";
import { UsageError } from "../errors.ts";
import { openAdmin } from "./admin.ts";
import { createKafka } from "./client.ts";
import { problemOf } from "./outage_watch.ts";
import { KafkaProducerSink, type SinkConfig } from "./producer_sink.ts";
import type { Compression, ProducerSink, ProducerSinkOptions } from "./producer_types.ts";
import { SendQueue } from "./send_queue.ts";
import { retryForBudget } from "./retry_budget.ts";
import type { KafkaSettings } from "./settings.ts";
import { TopicCatalog } from "./topic_catalog.ts";

export type { OutgoingRecord } from "./batching.ts";
export type { Compression, ProducerSink, ProducerSinkOptions } from "./producer_types.ts";

const COMPRESSION_TYPE: Record<Compression, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
};

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
  const maxBatchRecords = positiveInteger(options.maxBatchRecords ?? 1000, "batch size");
  const queue = new SendQueue({
    maxInFlight,
    limits: {
      maxRecords: maxBatchRecords,
      maxBytes: positiveInteger(options.maxBatchBytes ?? 900_000, "batch bytes"),
    },
    maxBuffered: positiveInteger(
      options.maxBufferedRecords ?? 4 * maxBatchRecords,
      "buffered records",
    ),
    maxBufferedBytes: positiveInteger(
      options.maxBufferedBytes ?? 16 * 1024 * 1024,
      "buffered bytes",
    ),
    ...(options.outageThresholdMs === undefined ? {} : { thresholdMs: options.outageThresholdMs }),
    ...(options.outageRepeatMs === undefined ? {} : { repeatMs: options.outageRepeatMs }),
  });
  const config: SinkConfig = {
    settings,
    idempotent,
    compression: COMPRESSION_TYPE[options.compression ?? "snappy"],
    queue,
    checkEveryMs: options.outageCheckEveryMs ?? 1000,
    now: Date.now,
    options,
  };
  // A quick client proves the cluster is reachable, logging each attempt; the producer's own
  // client is the patient one that rides through outages while sending.
  // Its admin client stays to look up topics the first time records name them.
  const admin = options.admin ??
    await openAdmin(createKafka(settings), settings, { signal: options.signal });
  const topics = new TopicCatalog(admin, settings, options.partitionCounts);
  const kafka = createKafka(settings, {
    retry: retryForBudget(options.deliveryTimeoutMs ?? 120_000),
    onProblem: (text, broker) => {
      const problem = problemOf(text, broker);
      if (problem !== undefined) queue.noteProblem(problem);
    },
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
