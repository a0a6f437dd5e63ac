/**
 * The messages between a produce run's main thread and its workers (`--workers N`). The main
 * thread paces the stream and tells every worker which steps the generator took; each worker
 * takes the same steps with its own copy of the generator (same seed: the same events), keeps
 * its share of the channels and sends them with its own producer. Only plain data crosses.
 */
import type { LogLevel } from "@logtape/logtape";
import type { GeneratorConfig } from "../../generator/types.ts";
import type { KafkaSettings } from "../../kafka/settings.ts";
import type { KafkaEventSinkOptions } from "../../sinks/kafka.ts";
import type { DeliveryCounts } from "../../sinks/types.ts";
import type { DisorderSettings } from "../disorder.ts";

/**
 * What a settled record was, by code: 0 the event as generated, then its anomalies (the main
 * thread rebuilds the record from its own copy of the event and the same disorder settings).
 */
export const RECORD_ANOMALIES = [undefined, "late", "duplicate", "malformed"] as const;

/** How a worker builds its generator: exactly as the main thread built its own. */
export type WorkerGenerator =
  | { readonly profile: "seed"; readonly config: GeneratorConfig; readonly seed: number }
  | {
    readonly profile: "realistic";
    readonly config: GeneratorConfig;
    readonly seed: number;
    readonly startMs: number;
    readonly speed: number;
    readonly viewerIntervalMs: number | undefined;
  };

export interface WorkerInit {
  readonly type: "init";
  /** 0-based, of `total`. */
  readonly index: number;
  readonly total: number;
  /** The channels this worker sends. */
  readonly share: readonly string[];
  readonly generator: WorkerGenerator;
  readonly sink: KafkaEventSinkOptions;
  readonly settings: KafkaSettings;
  /** Partition counts of the topics, from the main thread's topic check. */
  readonly partitions: ReadonlyMap<string, number>;
  readonly logLevel: LogLevel;
  /** Disorder on purpose, applied by each worker to its own events (the same for every seed). */
  readonly disorder?: { readonly settings: DisorderSettings; readonly seed: number } | undefined;
  /** Tests only: die with an uncaught error after this many steps messages. */
  readonly dieAfterSteps?: number | undefined;
}

/**
 * Steps of the generator since the last message: with the seed profile the time of each
 * `next(at)`, with the realistic profile (which keeps its own time) just how many `next()`.
 * The events they yield are numbered from `seq0` on, the same numbers on every thread.
 */
export interface WorkerSteps {
  readonly type: "steps";
  readonly seq0: number;
  readonly count: number;
  readonly ats?: Float64Array | undefined;
}

/** Flush for at most `timeoutMs`, disconnect, report the final counts. */
export interface WorkerClose {
  readonly type: "close";
  readonly timeoutMs: number;
}

export type ToWorker = WorkerInit | WorkerSteps | WorkerClose;

export type FromWorker =
  /** Connected: steps may come. */
  | { readonly type: "ready" }
  /** Could not start (e.g. Kafka refused): the run fails with this. */
  | { readonly type: "failed"; readonly message: string; readonly exitCode: number }
  /** A steps message was handled and the worker's buffer has room again. */
  | { readonly type: "written"; readonly counts: DeliveryCounts }
  /** Kafka acknowledged (or gave up on) the events with these sequence numbers. */
  | {
    readonly type: "settled";
    readonly delivered: boolean;
    readonly seqs: Float64Array;
    /** Per record, its index in RECORD_ANOMALIES. */
    readonly anomalies: Uint8Array;
    readonly counts: DeliveryCounts;
  }
  /** An outage was declared (true) or is over (false). */
  | { readonly type: "outage"; readonly down: boolean; readonly counts: DeliveryCounts }
  /** Periodic: the counts as they stand (outage time grows without any event). */
  | { readonly type: "counts"; readonly counts: DeliveryCounts }
  /** A log line of the worker, for the main thread's log. */
  | {
    readonly type: "log";
    readonly level: LogLevel;
    readonly category: readonly string[];
    readonly message: string;
  }
  /** An unexpected error ended the worker. */
  | { readonly type: "died"; readonly message: string }
  /** Closed: the final counts. */
  | { readonly type: "closed"; readonly counts: DeliveryCounts };
