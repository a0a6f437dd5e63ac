/**
 * The consumer's contract: what it is asked to read, what it hands to the caller and what the
 * caller answers. Separate from consumer.ts (the kafkajs loop) and consumer_plan.ts (partitions
 * and start offsets), so neither imports the other for its types, and `consume` builds on these
 * shapes without the Kafka layer ever importing the command.
 */
import type { OffsetSpec } from "./offset_spec.ts";

/** Header values as Kafka clients hand them over (kafkajs: Buffer, string or arrays of them). */
export type HeaderValue = Uint8Array | string | readonly (Uint8Array | string)[] | undefined;

/**
 * One record of a partition. Offsets and timestamps are decimal strings (int64). The shape
 * matches kafkajs' messages structurally, so batches pass through without copying.
 */
export interface ConsumedRecord {
  readonly offset: string;
  /** Milliseconds since the epoch, as a decimal string. */
  readonly timestamp: string;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
}

/** Records of one partition, in offset order. */
export interface RecordBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedRecord[];
}

/** What the consumer loop should do after a batch. */
export interface BatchOutcome {
  /** Records taken from the start of the batch (their offsets may be committed). */
  readonly taken: number;
  /** The limit was reached: stop consuming. */
  readonly stop: boolean;
}

export interface ConsumeRequest {
  readonly topics: readonly string[];
  /** Only these partitions of every topic (not with a group). */
  readonly partitions?: readonly number[];
  /** Join this consumer group and commit handled records. */
  readonly groupId?: string;
  /** Where to start (with a group: only where the group has no committed offset). */
  readonly offset: OffsetSpec;
  /** Stop once the end offsets seen at the start are reached. */
  readonly exitAtEnd: boolean;
  /**
   * Aborting it stops consuming cleanly (the group is left, handled records committed); while
   * still connecting, it ends the run with an interrupted KafkaError (exit 130), as in produce.
   */
  readonly signal: AbortSignal;
  /**
   * Handles the records of one partition; must not throw for any record content. `hold` stops
   * fetching the partition until the function it returns is called (records held back for
   * ordering must not pile up without bound).
   */
  readonly onBatch: (batch: RecordBatch, hold: () => () => void) => BatchOutcome;
  /** With `exitAtEnd`: a partition has been read to its end (also one that was at its end). */
  readonly onPartitionEnd?: (topic: string, partition: number) => void;
  /**
   * Called once, when the consumer has joined and is about to fetch, with where reading starts
   * in each partition it was given.
   */
  readonly onStarted?: (partitions: readonly PartitionStart[]) => void;
}

/** Where reading starts in one partition, next to the offsets it held then. */
export interface PartitionStart {
  readonly topic: string;
  readonly partition: number;
  /** The first offset still in the partition. */
  readonly low: bigint;
  /** The next offset to be written (the end). */
  readonly high: bigint;
  /** The first offset this run reads. */
  readonly from: bigint;
  /** Reading resumes from the group's committed offset, not from the asked `offset`. */
  readonly resumed: boolean;
}

/** Why consuming stopped. */
export type StopReason = "limit" | "end" | "signal";

export interface ConsumeResult {
  readonly reason: StopReason;
  /** Partitions that were read. */
  readonly partitions: number;
}
