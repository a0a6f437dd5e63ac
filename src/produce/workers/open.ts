/**
 * `--workers N` wired for a produce session: how many workers, each one's share of the channels
 * (the shard split), the topics checked once here, then the pool.
 */
import { getLogger, type LogLevel } from "@logtape/logtape";
import type { ProduceConfig } from "../../config/produce.ts";
import { shardChannels } from "../../generator/shard.ts";
import type { KafkaSettings } from "../../kafka/settings.ts";
import {
  ensureKafkaTopics,
  type KafkaEventSinkOptions,
  type KafkaSinkHooks,
} from "../../sinks/kafka.ts";
import type { EventSink } from "../../sinks/types.ts";
import { partitionOfKey } from "../../kafka/batching.ts";
import { openWorkerPool, type PoolOptions } from "./pool_sink.ts";
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
 * serves metrics), at least 1; never more than the channels it sends.
 */
export function workerCount(config: ProduceConfig, cores: number): number {
  if (config.output !== "kafka") return 1;
  const wanted = config.workers === "auto" ? Math.max(1, cores - 1) : config.workers;
  return Math.min(wanted, sentChannels(config).length);
}

/**
 * Shares of the channels such that every topic-partition is written by one share only: channels
 * that meet in a partition of any topic stay together. For the on-time truth, which follows
 * each partition's order of records — an order only one writer knows. Groups go, largest
 * first, to the share with the fewest channels; fewer shares than asked when there are fewer
 * groups.
 */
export function partitionShares(
  channels: readonly string[],
  count: number,
  partitions: ReadonlyMap<string, number>,
): string[][] {
  const parent = channels.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (const [topic, n] of partitions) {
    const first = new Map<number, number>();
    channels.forEach((channel, i) => {
      const p = partitionOfKey(topic, channel, n);
      const j = first.get(p);
      if (j === undefined) first.set(p, i);
      else parent[root(i)] = root(j);
    });
  }
  const groups = new Map<number, string[]>();
  channels.forEach((channel, i) => {
    const r = root(i);
    const group = groups.get(r);
    if (group === undefined) groups.set(r, [channel]);
    else group.push(channel);
  });
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const shares: string[][] = Array.from({ length: Math.min(count, ordered.length) }, () => []);
  for (const group of ordered) {
    const smallest = shares.reduce((min, share) => share.length < min.length ? share : min);
    smallest.push(...group);
  }
  // Each share in the channels' own order, the shares by their first channel.
  const position = new Map(channels.map((channel, i) => [channel, i]));
  const byPosition = (a: string, b: string) => position.get(a)! - position.get(b)!;
  for (const share of shares) share.sort(byPosition);
  return shares.sort((a, b) => byPosition(a[0]!, b[0]!));
}

export interface OpenWorkersOptions {
  readonly count: number;
  readonly generator: WorkerGenerator;
  readonly recorder: StepRecorder;
  readonly sink: KafkaEventSinkOptions;
  readonly settings: KafkaSettings;
  readonly hooks: KafkaSinkHooks;
  readonly logLevel: LogLevel;
  readonly disorder?: PoolOptions["disorder"];
  /** Every topic-partition written by one worker (see partitionShares). */
  readonly onePartitionWriter: boolean;
  readonly dieAfter?: { readonly worker: number; readonly steps: number } | undefined;
}

export async function openWorkers(
  config: ProduceConfig,
  options: OpenWorkersOptions,
  signal: AbortSignal,
): Promise<EventSink> {
  const partitions = await ensureKafkaTopics(options.sink, options.settings, signal);
  const sent = sentChannels(config);
  const shares = options.onePartitionWriter
    ? partitionShares(sent, options.count, partitions)
    : Array.from({ length: options.count }, (_, i) => shardChannels(sent, i, options.count));
  if (shares.length < options.count) {
    getLogger(["telemetra", "produce"]).warn(
      `${shares.length} of ${options.count} workers have channels: with the on-time truth ` +
        "(--truth-lateness) each topic-partition is written by one worker, and the channels " +
        `meet in ${shares.length} group(s) of partitions; more partitions spread them further`,
    );
  }
  return await openWorkerPool({
    shares,
    generator: options.generator,
    recorder: options.recorder,
    sink: options.sink,
    settings: options.settings,
    partitions,
    logLevel: options.logLevel,
    disorder: options.disorder,
    ...options.hooks,
    dieAfter: options.dieAfter,
  }, signal);
}
