/**
 * Pure helpers of the producer sink: cutting the queue into sends that the broker accepts, and
 * shaping them for kafkajs.
 */
// First: kafkajs must not load before its grouping is replaced (see grouping_fix.ts).
import "./grouping_fix.ts";
import { type ICustomPartitioner, Partitioners } from "kafkajs";
import type { GeneratedEvent } from "../generator/types.ts";

/** One event, ready to send: the value is already serialised JSON and is sent as is. */
export interface OutgoingRecord {
  readonly topic: string;
  /** The channel: all events of a channel land in one partition, in order. */
  readonly key: string;
  readonly value: string;
  /** The record timestamp: the event's own time, in ms since the epoch. */
  readonly timestampMs: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The event it was made from, for whoever counts what Kafka acknowledged (the truth). */
  readonly event?: GeneratedEvent;
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
 * How many records from `start` make the next send, given each record's estimatedSize: up to
 * `limits`, and at least one (a record larger than maxBytes goes alone, and the broker decides).
 */
export function nextBatchLength(
  sizes: readonly number[],
  start: number,
  limits: BatchLimits,
): number {
  const end = Math.min(sizes.length, start + limits.maxRecords);
  let bytes = 0;
  let i = start;
  for (; i < end; i++) {
    bytes += sizes[i]!;
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

const defaultPartitioner = Partitioners.DefaultPartitioner();

/** Partitions already computed, per partition count and key (keys are channels: few). */
const partitionCache = new Map<number, Map<string, number>>();
const MAX_CACHED_KEYS = 100_000;

/**
 * The partition of key `key` among `partitionCount`: kafkajs' (and Java's) murmur2 hash.
 * Memoised per key, since every send asks it for every record.
 */
function partitionOfCount(topic: string, key: string, partitionCount: number): number {
  let byKey = partitionCache.get(partitionCount);
  if (byKey === undefined) partitionCache.set(partitionCount, byKey = new Map());
  let partition = byKey.get(key);
  if (partition === undefined) {
    const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
      partitionId,
      leader: 0,
    }));
    partition = defaultPartitioner({
      topic,
      partitionMetadata: partitionMetadata as Parameters<typeof defaultPartitioner>[0][
        "partitionMetadata"
      ],
      message: { key, value: "" },
    });
    if (byKey.size < MAX_CACHED_KEYS) byKey.set(key, partition);
  }
  return partition;
}

/** The partition a record keyed `key` goes to among `partitionCount` (see partitionOf). */
export function partitionOfKey(topic: string, key: string, partitionCount: number): number {
  return partitionOfCount(topic, key, partitionCount);
}

/** The partition of a keyed record among `partitionCount`. */
export function partitionOf(record: OutgoingRecord, partitionCount: number): number {
  return partitionOfCount(record.topic, record.key, partitionCount);
}

/**
 * kafkajs' default partitioner with string keys memoised: the same partition for every message
 * (murmur2 of the key modulo the topic's partition count), without hashing each record's key
 * and filtering the partition list for every message of every send.
 */
export const memoisedPartitioner: ICustomPartitioner = () => {
  const fallback = Partitioners.DefaultPartitioner();
  return (args) => {
    const { message } = args;
    if (
      typeof message.key !== "string" || (message.partition !== undefined &&
        message.partition !== null)
    ) {
      return fallback(args);
    }
    return partitionOfCount(args.topic, message.key, args.partitionMetadata.length);
  };
};

/** The partitions `records` of `topic` map to with `partitionCount` partitions, ascending. */
export function partitionsOf(
  records: readonly OutgoingRecord[],
  topic: string,
  partitionCount: number,
): number[] {
  const partitions = new Set<number>();
  for (const r of records) {
    if (r.topic === topic) partitions.add(partitionOf(r, partitionCount));
  }
  return [...partitions].sort((a, b) => a - b);
}

/** One partition kafkajs reports as acknowledged by a send. */
export interface AcknowledgedPartition {
  readonly topicName: string;
  readonly partition: number;
}

/**
 * The records of a send whose partition is missing from the acknowledgements kafkajs returned.
 *
 * kafkajs 2.2.4 keeps, across the retries of one send, the response of every broker that
 * answered; when a partition's leadership moves to such a broker, the retry skips that broker
 * and the partition's records are never sent, yet the send resolves (upstream kafkajs pull
 * request #1798). Their sequence numbers were not used, so sending them again is exactly-once.
 * Returns undefined when the acknowledgements name a partition these counts do not predict (the
 * topic grew): then nothing can be concluded, and nothing should be sent again.
 */
export function unacknowledged(
  records: readonly OutgoingRecord[],
  acknowledged: readonly AcknowledgedPartition[],
  partitionCount: (topic: string) => number | undefined,
): OutgoingRecord[] | undefined {
  const acked = new Map<string, Set<number>>();
  for (const a of acknowledged) setOf(acked, a.topicName).add(a.partition);
  const expected = new Map<string, Set<number>>();
  const missing: OutgoingRecord[] = [];
  // Records come in runs of one topic: look the topic's sets up once per run, not per record.
  let topic: string | undefined;
  let count = 0;
  let ackedOfTopic: Set<number> | undefined;
  let expectedOfTopic = new Set<number>();
  for (const record of records) {
    if (record.topic !== topic) {
      topic = record.topic;
      const c = partitionCount(topic);
      if (c === undefined) return undefined;
      count = c;
      ackedOfTopic = acked.get(topic);
      expectedOfTopic = setOf(expected, topic);
    }
    const partition = partitionOfCount(topic, record.key, count);
    expectedOfTopic.add(partition);
    if (ackedOfTopic?.has(partition) !== true) missing.push(record);
  }
  for (const [name, partitions] of acked) {
    const predicted = expected.get(name);
    for (const partition of partitions) if (predicted?.has(partition) !== true) return undefined;
  }
  return missing;
}

function setOf(sets: Map<string, Set<number>>, topic: string): Set<number> {
  let set = sets.get(topic);
  if (set === undefined) sets.set(topic, set = new Set());
  return set;
}
