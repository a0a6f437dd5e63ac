/**
 * `produce` settings from flags > env > .env > defaults. Pure: the CLI passes the layers in.
 */
import { UsageError } from "../errors.ts";
import { CHAT_TEMPLATE_COUNT } from "../generator/catalog_chat.ts";
import { type KafkaOptions, resolveKafkaOptions } from "./kafka.ts";
import { setting, type Sources } from "./sources.ts";
import { DEFAULT_TOPIC_PREFIX, EVENT_KINDS, type Kind, topicNames } from "./topics.ts";
import {
  parseBoolean,
  parseChoice,
  parseDuration,
  parseInstant,
  parseInteger,
  parseList,
  parseNumber,
  parseShard,
} from "./values.ts";

export const COMPRESSIONS = ["none", "gzip", "snappy"] as const;

/**
 * Channels one process simulates at most: 10,000 channels' worlds take ~39 MB of the heap the
 * binary caps at 112 MB (tools/compile/v8_flags.ts); many more would end in V8's out-of-memory
 * abort instead of an error.
 */
export const MAX_CHANNELS = 10_000;

/**
 * Events per send. Under the binary's heap cap 1,000 beat 2,000 on both counts (59,000 against
 * 55,000 events/s, 207 against 215 MB peak RSS, three runs each): a record waits less before its
 * send is acknowledged, so less of it is promoted to V8's old generation.
 */
export const DEFAULT_BATCH_SIZE = 1000;

/**
 * How long a stop waits for Kafka to acknowledge the events in flight: short enough that the
 * whole shutdown (flush, disconnect, summary) ends inside `docker stop`'s 10 s grace period.
 */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 8000;
export type Compression = typeof COMPRESSIONS[number];

export interface ProduceConfig {
  readonly channels: readonly string[];
  /** Events per second over all channels; 0 = as fast as possible. */
  readonly rate: number;
  readonly messageVariants: number;
  readonly enabled: Readonly<Record<Kind, boolean>>;
  /** The seed given by the user; undefined = pick one at random (and log it). */
  readonly seed: number | undefined;
  readonly count: number | undefined;
  readonly durationMs: number | undefined;
  /** Backfill: event time starts here and runs at full speed. */
  readonly startMs: number | undefined;
  readonly untilMs: number | undefined;
  readonly shard: { readonly index: number; readonly total: number } | undefined;
  readonly output: "kafka" | "stdout";
  /** With --stdout: one `{"topic","key","value"}` envelope per line instead of the bare event. */
  readonly envelope: boolean;
  readonly topics: Readonly<Record<Kind, string>>;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly compression: Compression;
  readonly batchSize: number;
  /** How long due events may wait to be sent together; undefined = auto (see autoLingerMs). */
  readonly lingerMs: number | undefined;
  readonly statsEvery: number;
  readonly progress: boolean;
  readonly metricsPort: number | undefined;
  /** How long a stop may wait for Kafka to acknowledge what is in flight. */
  readonly shutdownTimeoutMs: number;
  /** Undefined with --stdout: no broker is involved. */
  readonly kafka: KafkaOptions | undefined;
}

const ENABLE_VARS: Readonly<Record<Kind, [string, string]>> = {
  chat: ["chat", "PRODUCE_CHAT"],
  viewer: ["viewer", "PRODUCE_VIEWER"],
  transaction: ["transactions", "PRODUCE_TRANSACTIONS"],
  stream_meta: ["streamMeta", "PRODUCE_STREAM_META"],
};

const flag = (key: string, name: string) => ({ key, name });
const optional = <T>(parse: (raw: string, label: string) => T) =>
  parse as (r: string, l: string) => T | undefined;

export function resolveProduceConfig(sources: Sources): ProduceConfig {
  const channels = setting(sources, flag("channels", "--channels"), "CHANNELS", parseList, [
    "demo_stream",
  ]);
  if (channels.length > MAX_CHANNELS) {
    throw new UsageError(
      `--channels: at most ${MAX_CHANNELS.toLocaleString("en-US")} channels per process, got ${
        channels.length.toLocaleString("en-US")
      } (each process keeps every channel's world in a heap capped for 256 MB containers); ` +
        "give each of several processes its own channels",
    );
  }
  const rate = setting(sources, flag("rate", "--rate"), "RATE_PER_SEC", parseNumber, 10);
  const messageVariants = setting(
    sources,
    flag("messageVariants", "--message-variants"),
    "MESSAGE_VARIANTS",
    (raw, label) => parseInteger(raw, label, 1, CHAT_TEMPLATE_COUNT),
    50,
  );
  const enabled = Object.fromEntries(EVENT_KINDS.map((kind) => {
    const [key, envName] = ENABLE_VARS[kind];
    // commander's --no-chat sets chat=false; a plain boolean flag is not a raw value.
    if (sources.flags[key] === false) return [kind, false];
    return [kind, setting(sources, undefined, envName, parseBoolean, true)];
  })) as Record<Kind, boolean>;
  if (!EVENT_KINDS.some((k) => enabled[k])) {
    throw new UsageError(
      "every event type is disabled (PRODUCE_CHAT, PRODUCE_VIEWER, PRODUCE_TRANSACTIONS, PRODUCE_STREAM_META); enable at least one",
    );
  }
  const seed = setting(
    sources,
    flag("seed", "--seed"),
    "SEED",
    optional((raw, label) => parseInteger(raw, label, 0, 2 ** 32 - 1)),
    undefined,
  );
  const count = setting(
    sources,
    flag("count", "--count"),
    undefined,
    optional((raw, label) => parseInteger(raw, label, 1)),
    undefined,
  );
  const durationMs = setting(
    sources,
    flag("duration", "--duration"),
    undefined,
    optional(parseDuration),
    undefined,
  );
  if (durationMs === 0) throw new UsageError("--duration must be longer than 0s");
  const startMs = setting(
    sources,
    flag("start", "--start"),
    undefined,
    optional(parseInstant),
    undefined,
  );
  const untilMs = setting(
    sources,
    flag("until", "--until"),
    undefined,
    optional(parseInstant),
    undefined,
  );
  if (untilMs !== undefined && startMs === undefined) {
    throw new UsageError("--until needs --start (it ends a backfill)");
  }
  if (startMs !== undefined && untilMs !== undefined && untilMs <= startMs) {
    throw new UsageError("--until must be later than --start");
  }
  if (startMs !== undefined && rate === 0) {
    throw new UsageError(
      "--start needs a rate > 0: timestamps advance as if events came at --rate per second",
    );
  }
  const shard = setting(
    sources,
    flag("shard", "--shard"),
    undefined,
    optional(parseShard),
    undefined,
  );
  if (shard && shard.total > channels.length) {
    throw new UsageError(
      `--shard ${shard.index}/${shard.total} needs at least ${shard.total} channels, got ${channels.length}`,
    );
  }
  const output = sources.flags["stdout"] === true ? "stdout" : "kafka";
  const prefix = setting(
    sources,
    flag("topicPrefix", "--topic-prefix"),
    "TOPIC_PREFIX",
    (raw) => raw.trim(),
    DEFAULT_TOPIC_PREFIX,
  );
  const renames = (sources.flags["topic"] as string[] | undefined) ?? [];
  const topics = topicNames(prefix, renames);
  const partitions = setting(
    sources,
    flag("partitions", "--partitions"),
    "TOPIC_PARTITIONS",
    (raw, label) => parseInteger(raw, label, 1, 10_000),
    3,
  );
  const replicationFactor = setting(
    sources,
    flag("replicationFactor", "--replication-factor"),
    "TOPIC_REPLICATION_FACTOR",
    (raw, label) => parseInteger(raw, label, 1, 100),
    1,
  );
  const compression = setting(
    sources,
    flag("compression", "--compression"),
    "COMPRESSION",
    (raw, label) => parseChoice(raw, label, COMPRESSIONS),
    "snappy",
  );
  const batchSize = setting(
    sources,
    flag("batchSize", "--batch-size"),
    "BATCH_SIZE",
    (raw, label) => parseInteger(raw, label, 1, 100_000),
    DEFAULT_BATCH_SIZE,
  );
  const lingerMs = setting(
    sources,
    flag("linger", "--linger"),
    "LINGER",
    optional(parseDuration),
    undefined,
  );
  const statsEvery = setting(
    sources,
    flag("statsEvery", "--stats-every"),
    "STATS_EVERY",
    (raw, label) => parseInteger(raw, label, 1),
    100,
  );
  const metricsPort = setting(
    sources,
    flag("metricsPort", "--metrics-port"),
    "METRICS_PORT",
    optional((raw, label) => parseInteger(raw, label, 0, 65535)),
    undefined,
  );
  const shutdownTimeoutMs = setting(
    sources,
    flag("shutdownTimeout", "--shutdown-timeout"),
    "SHUTDOWN_TIMEOUT",
    parseDuration,
    DEFAULT_SHUTDOWN_TIMEOUT_MS,
  );
  return {
    channels,
    rate,
    messageVariants,
    enabled,
    seed,
    count,
    durationMs,
    startMs,
    untilMs,
    shard,
    output,
    envelope: sources.flags["envelope"] === true,
    topics,
    partitions,
    replicationFactor,
    compression,
    batchSize,
    lingerMs,
    statsEvery,
    progress: sources.flags["progress"] !== false,
    metricsPort,
    shutdownTimeoutMs,
    kafka: output === "kafka" ? resolveKafkaOptions(sources) : undefined,
  };
}

/**
 * The linger window when none was given: about 20 events' worth of time, between 5 ms and
 * 200 ms. Each send costs far more CPU than an event: at 100 events/s, sending every event used
 * 8% of a core, every 100 ms 3.4%, every 200 ms about 2%. Record timestamps stay exact.
 */
export function autoLingerMs(rate: number): number {
  if (rate <= 0) return 5;
  return Math.min(200, Math.max(5, 20_000 / rate));
}
