/**
 * `--workers N` wired for a produce session: how many workers, each one's share of the channels
 * (the shard split), the topics checked once here, then the pool.
 */
import type { LogLevel } from "@logtape/logtape";
import type { ProduceConfig } from "../../config/produce.ts";
import { UsageError } from "../../errors.ts";
import { shardChannels } from "../../generator/shard.ts";
import type { KafkaSettings } from "../../kafka/settings.ts";
import {
  ensureKafkaTopics,
  type KafkaEventSinkOptions,
  type KafkaSinkHooks,
} from "../../sinks/kafka.ts";
import type { EventSink } from "../../sinks/types.ts";
import { openWorkerPool } from "./pool_sink.ts";
import type { WorkerGenerator } from "./protocol.ts";
import type { StepRecorder } from "./steps.ts";

/** The channels this process sends: all of them, or its shard's. */
export function sentChannels(config: ProduceConfig): string[] {
  return config.shard
    ? shardChannels(config.channels, config.shard.index - 1, config.shard.total)
    : [...config.channels];
}

/**
 * How many workers a run gets: `auto` is the cores minus one (the main thread paces, counts and
 * serves metrics), at least 1; never more than the channels it sends. Disorder on purpose
 * (--late, --duplicates, --malformed) reorders and adds events on the main thread, which workers
 * taking the generator's steps would not see: it runs in one thread.
 */
export function workerCount(config: ProduceConfig, cores: number, disorder: boolean): number {
  if (config.output !== "kafka") return 1;
  if (disorder) {
    if (typeof config.workers === "number" && config.workers > 1) {
      throw new UsageError(
        `--workers ${config.workers} cannot be combined with --late, --duplicates or --malformed ` +
          "(disorder runs in one thread); use --shard i/n to spread such runs",
      );
    }
    return 1;
  }
  const wanted = config.workers === "auto" ? Math.max(1, cores - 1) : config.workers;
  return Math.min(wanted, sentChannels(config).length);
}

export interface OpenWorkersOptions {
  readonly count: number;
  readonly generator: WorkerGenerator;
  readonly recorder: StepRecorder;
  readonly sink: KafkaEventSinkOptions;
  readonly settings: KafkaSettings;
  readonly hooks: KafkaSinkHooks;
  readonly logLevel: LogLevel;
  readonly dieAfter?: { readonly worker: number; readonly steps: number } | undefined;
}

export async function openWorkers(
  config: ProduceConfig,
  options: OpenWorkersOptions,
  signal: AbortSignal,
): Promise<EventSink> {
  const partitions = await ensureKafkaTopics(options.sink, options.settings, signal);
  const sent = sentChannels(config);
  return await openWorkerPool({
    shares: Array.from({ length: options.count }, (_, i) => shardChannels(sent, i, options.count)),
    generator: options.generator,
    recorder: options.recorder,
    sink: options.sink,
    settings: options.settings,
    partitions,
    logLevel: options.logLevel,
    ...options.hooks,
    dieAfter: options.dieAfter,
  }, signal);
}
