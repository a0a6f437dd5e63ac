/**
 * Pure helpers of the producer sink: cutting the queue into sends that the broker accepts, and
 * shaping them for kafkajs.
 */
import { Partitioners } from "kafkajs";

/** One event, ready to send: the value is already serialised JSON and is sent as is. */
export interface OutgoingRecord {
  readonly topic: string;
  /** The channel: all events of a channel land in one partition, in order. */
  readonly key: string;
  readonly value: string;
  /** The record timestamp: the event's own time, in ms since the epoch. */
  readonly timestampMs: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface BatchLimits {
  /** Records per send. */
  readonly maxRecords: number;
  /** Estimated bytes per send (keys, values, headers and per-record overhead). */
  readonly maxBytes: number;
}

/** Record framing in a v2 batch (length, attributes, deltas, header counts): a safe upper bound. */
const RECORD_OVERHEAD_BYTES = 24;

/** The size a record adds to a batch, estimated from string lengths (exact for ASCII JSON). */
export function estimatedSize(record: OutgoingRecord): number {
  let size = RECORD_OVERHEAD_BYTES + record.key.length + record.value.length;
  for (const name in record.headers) size += name.length + record.headers[name]!.length + 4;
  return size;
}

/**
 * How many records from `start` make the next send: up to `limits`, and at least one (a record
 * larger than maxBytes goes alone, and the broker decides).
 */
export function nextBatchLength(
  records: readonly OutgoingRecord[],
  start: number,
  limits: BatchLimits,
): number {
  const end = Math.min(records.length, start + limits.maxRecords);
  let bytes = 0;
  let i = start;
  for (; i < end; i++) {
    bytes += estimatedSize(records[i]!);
    if (bytes > limits.maxBytes && i > start) break;
  }
  return i - start;
}

export interface KafkajsMessage {
  key: string;
  value: string;
  timestamp: string;
  headers: Record<string, string>;
}

export interface TopicMessages {
  topic: string;
  messages: KafkajsMessage[];
}

/** Groups records by topic, keeping their order within each topic, in kafkajs' message shape. */
export function toTopicMessages(records: readonly OutgoingRecord[]): TopicMessages[] {
  const byTopic = new Map<string, KafkajsMessage[]>();
  for (const r of records) {
    let messages = byTopic.get(r.topic);
    if (!messages) byTopic.set(r.topic, messages = []);
    messages.push({
      key: r.key,
      value: r.value,
      timestamp: String(r.timestampMs),
      headers: r.headers as Record<string, string>,
    });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Counts per topic, in first-seen order. */
export function countByTopic(records: readonly OutgoingRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
  return counts;
}

/**
 * The partitions `records` of `topic` map to with `partitionCount` partitions, by the same
 * murmur2 key hash kafkajs (and the Java client) use. Sorted ascending.
 */
export function partitionsOf(
  records: readonly OutgoingRecord[],
  topic: string,
  partitionCount: number,
): number[] {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  const partitions = new Set<number>();
  for (const r of records) {
    if (r.topic !== topic) continue;
    partitions.add(partitioner({ topic, partitionMetadata, message: { key: r.key, value: "" } }));
  }
  return [...partitions].sort((a, b) => a - b);
}
