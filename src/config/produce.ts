/**
 * `produce` settings from flags > env > .env > defaults. Pure: the CLI passes the layers in.
 */
import { UsageError } from "../errors.ts";
import { CHAT_TEMPLATE_COUNT } from "../generator/catalog_chat.ts";
import { generatedChannelNames } from "../generator/channel_names.ts";
import { EVENT_KINDS } from "../generator/event_kinds.ts";
import { type KafkaOptions, resolveKafkaOptions } from "./kafka.ts";
import { type Compression, COMPRESSIONS } from "./kafka_values.ts";
import { defineSettings, givenAs, resolveSettings } from "./settings.ts";
import type { Sources } from "./sources.ts";
import { DEFAULT_TOPIC_PREFIX, type Kind, topicNames } from "./topics.ts";
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
export type { Compression };

/** seed: the original producer's per-event mix at --rate; realistic: each channel paced by its world. */
export const PROFILES = ["seed", "realistic"] as const;
export type Profile = typeof PROFILES[number];

export interface ProduceConfig {
  readonly channels: readonly string[];
  readonly profile: Profile;
  /** Events per second over all channels; 0 = as fast as possible. The seed profile only. */
  readonly rate: number;
  /** Realistic profile, live: the world runs this many times faster than the clock. */
  readonly speed: number;
  /** Realistic profile: mean time between a live channel's viewer counts; undefined = 30 s. */
  readonly viewerIntervalMs: number | undefined;
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
  /** `--shard auto`: replicas divide the channels through Kafka; undefined otherwise. */
  readonly coordination: Coordination | undefined;
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
  /** Worker threads sending to Kafka (each its own producer and share of the channels). */
  readonly workers: number | "auto";
  /** How long a stop may wait for Kafka to acknowledge what is in flight. */
  readonly shutdownTimeoutMs: number;
  /** Write the truth (windows.csv, manifest.json) here; undefined = no truth. */
  readonly truthDir: string | undefined;
  /** The truth's tumbling window. */
  readonly truthWindowMs: number;
  /** Also write windows_ontime.csv: a pipeline allowing this much out-of-orderness. */
  readonly truthLatenessMs: number | undefined;
  /** Disorder on purpose: late, duplicate and malformed records (shares 0–1). */
  readonly disorder: {
    readonly lateShare: number;
    readonly lateMaxMs: number;
    readonly duplicateShare: number;
    readonly malformedShare: number;
  };
  /** Undefined with --stdout: no broker is involved. */
  readonly kafka: KafkaOptions | undefined;
}

/** How the replicas of a `--shard auto` run find each other. */
export interface Coordination {
  /** The run's name: its record's key and its consumer group. */
  readonly runName: string;
  /** The coordination topic: one partition per channel, the run's record in partition 0. */
  readonly topic: string;
  /** A replica whose heartbeats stop this long loses its channels to the others. */
  readonly sessionTimeoutMs: number;
}

/** The coordination topic's name unless --coordination-topic says otherwise. */
export const DEFAULT_COORDINATION_TOPIC = "telemetra.mock.coordination";

/** How long a silent replica keeps its channels (Kafka's default minimum is 6 s). */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

/** `--shard`: `i/n`, or `auto` (the replicas divide the channels through Kafka). */
function parseShardSetting(
  raw: string,
  label: string,
): { index: number; total: number } | "auto" {
  if (raw.trim().toLowerCase() === "auto") return "auto";
  return parseShard(raw, label);
}

/** A run name: what a consumer group id and a record key can hold without surprises. */
function parseRunName(raw: string, label: string): string {
  const name = raw.trim();
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(name)) {
    throw new UsageError(
      `${label} must be 1 to 200 letters, digits, dots, dashes or underscores, got "${raw}"`,
    );
  }
  return name;
}

const optional = <T>(parse: (raw: string, label: string) => T) =>
  parse as (r: string, l: string) => T | undefined;
const none = undefined;

/** More threads than this only add memory. */
export const MAX_WORKERS = 64;

/** `--workers`: an integer from 1 to MAX_WORKERS, or `auto` (the cores minus one, at least 1). */
export function parseWorkers(raw: string, label: string): number | "auto" {
  if (raw.trim().toLowerCase() === "auto") return "auto";
  return parseInteger(raw, label, 1, MAX_WORKERS);
}

/** Longest channel name: the schemas' `channel` has maxLength 64. */
export const MAX_CHANNEL_NAME = 64;

/**
 * A comma-separated list of channel names, each at most MAX_CHANNEL_NAME characters, or a number
 * N for N generated names.
 */
function parseChannels(raw: string, label: string): string[] {
  if (/^\s*\d+\s*$/.test(raw)) {
    return generatedChannelNames(parseInteger(raw, label, 1, MAX_CHANNELS));
  }
  const channels = parseList(raw, label);
  const long = channels.find((name) => name.length > MAX_CHANNEL_NAME);
  if (long !== undefined) {
    throw new UsageError(
      `${label} contains a name of ${long.length} characters ("${
        long.slice(0, 20)
      }…"); a channel name has at most ${MAX_CHANNEL_NAME}`,
    );
  }
  return channels;
}

/** produce's own settings, in the order `--help` lists them (the connection's follow). */
export const PRODUCE_SETTINGS = defineSettings({
  channels: {
    flag: "-c, --channels <list>",
    env: "CHANNELS",
    parse: parseChannels,
    fallback: ["demo_stream"] as readonly string[],
    literal: "demo_stream",
    help: "channels, comma-separated, or a number N for N generated names",
  },
  profile: {
    flag: "--profile <name>",
    env: "PROFILE",
    parse: (raw: string, label: string) => parseChoice(raw, label, PROFILES),
    fallback: "seed" as Profile,
    literal: "seed",
    help: "seed (the original mix at --rate) or realistic (each channel paced by its audience)",
  },
  rate: {
    flag: "-r, --rate <n>",
    env: "RATE_PER_SEC",
    parse: parseNumber,
    fallback: 10,
    literal: "10",
    help: "events per second over all channels, 0 = as fast as possible",
  },
  speed: {
    flag: "--speed <k>",
    env: "SPEED",
    parse: (raw: string, label: string) => parsePositive(raw, label),
    fallback: none as number | undefined,
    note: "1",
    help: "realistic profile, live: the world runs K times faster (timestamps stay wall-clock)",
  },
  viewerIntervalMs: {
    flag: "--viewer-interval <duration>",
    env: "VIEWER_INTERVAL",
    parse: optional(parseDuration),
    fallback: none as number | undefined,
    note: "30s",
    help: "realistic profile: mean time between a live channel's viewer counts",
  },
  count: {
    flag: "-n, --count <n>",
    parse: optional((raw, label) => parseInteger(raw, label, 1)),
    fallback: none as number | undefined,
    note: "none",
    help: "stop after N events",
  },
  durationMs: {
    flag: "-d, --duration <duration>",
    parse: optional(parseDuration),
    fallback: none as number | undefined,
    note: "none",
    help: "stop after this long, e.g. 30s, 5m, 1h",
  },
  seed: {
    flag: "--seed <n>",
    env: "SEED",
    parse: optional((raw, label) => parseInteger(raw, label, 0, 2 ** 32 - 1)),
    fallback: none as number | undefined,
    note: "random, logged",
    help: "seed for reproducible events",
  },
  startMs: {
    flag: "--start <time>",
    parse: optional(parseInstant),
    fallback: none as number | undefined,
    note: "none",
    help: "backfill: event time starts here (ISO 8601) and advances at --rate, sent at full speed",
  },
  untilMs: {
    flag: "--until <time>",
    parse: optional(parseInstant),
    fallback: none as number | undefined,
    note: "none",
    help: "end a backfill at this event time (ISO 8601)",
  },
  shard: {
    flag: "--shard <i/n|auto>",
    env: "SHARD",
    parse: optional(parseShardSetting),
    fallback: none as { readonly index: number; readonly total: number } | "auto" | undefined,
    note: "none",
    help: "send shard i of n (1-based): a disjoint share of the channels of the whole stream; " +
      "auto = replicas divide the channels through Kafka",
  },
  runName: {
    flag: "--run-name <name>",
    env: "RUN_NAME",
    parse: optional(parseRunName),
    fallback: none as string | undefined,
    note: "the topic prefix",
    help: "--shard auto: the run the replicas share (its seed, start and channels)",
  },
  coordinationTopic: {
    flag: "--coordination-topic <name>",
    env: "COORDINATION_TOPIC",
    parse: (raw: string) => raw.trim(),
    fallback: DEFAULT_COORDINATION_TOPIC,
    literal: DEFAULT_COORDINATION_TOPIC,
    help: "--shard auto: the topic the replicas coordinate through (one partition per channel)",
  },
  sessionTimeoutMs: {
    flag: "--session-timeout <duration>",
    env: "SESSION_TIMEOUT",
    parse: parseDuration,
    fallback: DEFAULT_SESSION_TIMEOUT_MS,
    literal: "10s",
    help: "--shard auto: a replica silent this long loses its channels to the others",
  },
  messageVariants: {
    flag: "--message-variants <n>",
    env: "MESSAGE_VARIANTS",
    parse: (raw: string, label: string) => parseInteger(raw, label, 1, CHAT_TEMPLATE_COUNT),
    fallback: 50,
    literal: "50",
    help: "chat templates in use",
  },
  chat: {
    flag: "--no-chat",
    env: "PRODUCE_CHAT",
    parse: parseBoolean,
    fallback: true,
    literal: "true",
    help: "no chat messages",
  },
  viewer: {
    flag: "--no-viewer",
    env: "PRODUCE_VIEWER",
    parse: parseBoolean,
    fallback: true,
    literal: "true",
    help: "no viewer counts",
  },
  transaction: {
    flag: "--no-transactions",
    env: "PRODUCE_TRANSACTIONS",
    parse: parseBoolean,
    fallback: true,
    literal: "true",
    help: "no transactions",
  },
  stream_meta: {
    flag: "--no-stream-meta",
    env: "PRODUCE_STREAM_META",
    parse: parseBoolean,
    fallback: true,
    literal: "true",
    help: "no stream metadata",
  },
  stdout: {
    flag: "--stdout",
    parse: parseBoolean,
    fallback: false,
    note: "off",
    help: "write NDJSON to stdout instead of Kafka (no broker needed)",
  },
  envelope: {
    flag: "--envelope",
    parse: parseBoolean,
    fallback: false,
    note: "off",
    help: 'with --stdout: one {"topic","key","value"} object per line',
  },
  topicPrefix: {
    flag: "--topic-prefix <prefix>",
    env: "TOPIC_PREFIX",
    parse: (raw: string) => raw.trim(),
    fallback: DEFAULT_TOPIC_PREFIX,
    literal: DEFAULT_TOPIC_PREFIX,
    help: "prefix of the four topic names",
  },
  topic: {
    flag: "--topic <kind=name>",
    parse: (raw: string) => [raw] as readonly string[],
    fallback: [] as readonly string[],
    repeatable: true,
    help: "rename one topic, e.g. chat=my.chat (repeatable)",
  },
  partitions: {
    flag: "--partitions <n>",
    env: "TOPIC_PARTITIONS",
    parse: (raw: string, label: string) => parseInteger(raw, label, 1, 10_000),
    fallback: 3,
    literal: "3",
    help: "partitions of created topics",
  },
  replicationFactor: {
    flag: "--replication-factor <n>",
    env: "TOPIC_REPLICATION_FACTOR",
    parse: (raw: string, label: string) => parseInteger(raw, label, 1, 100),
    fallback: 1,
    literal: "1",
    help: "replication factor of created topics",
  },
  compression: {
    flag: "--compression <codec>",
    env: "COMPRESSION",
    parse: (raw: string, label: string) => parseChoice(raw, label, COMPRESSIONS),
    fallback: "snappy" as Compression,
    literal: "snappy",
    help: "none, gzip or snappy",
  },
  batchSize: {
    flag: "--batch-size <n>",
    env: "BATCH_SIZE",
    parse: (raw: string, label: string) => parseInteger(raw, label, 1, 100_000),
    fallback: DEFAULT_BATCH_SIZE,
    literal: "1000",
    help: "max events per send",
  },
  lingerMs: {
    flag: "--linger <duration>",
    env: "LINGER",
    parse: optional(parseDuration),
    fallback: none as number | undefined,
    note: "auto",
    help: "wait up to this long to fill a batch; auto = 20 events' time, 5ms–200ms",
  },
  statsEvery: {
    flag: "--stats-every <n>",
    env: "STATS_EVERY",
    parse: (raw: string, label: string) => parseInteger(raw, label, 1),
    fallback: 100,
    literal: "100",
    help: "log a stats line every N events",
  },
  progress: {
    flag: "--no-progress",
    parse: parseBoolean,
    fallback: true,
    note: "on for a terminal",
    help: "no live progress line on a terminal",
  },
  metricsPort: {
    flag: "--metrics-port <n>",
    env: "METRICS_PORT",
    parse: optional((raw, label) => parseInteger(raw, label, 0, 65535)),
    fallback: none as number | undefined,
    note: "off",
    help: "serve /metrics and /healthz on this port, 0 = any free port",
  },
  workers: {
    flag: "--workers <n>",
    env: "WORKERS",
    parse: parseWorkers,
    fallback: 1 as number | "auto",
    literal: "1",
    help: "threads that generate and send, each with its own producer and share of the channels; " +
      "auto = the cores minus one",
  },
  shutdownTimeoutMs: {
    flag: "--shutdown-timeout <duration>",
    env: "SHUTDOWN_TIMEOUT",
    parse: parseDuration,
    fallback: DEFAULT_SHUTDOWN_TIMEOUT_MS,
    literal: "8s",
    help: "on a stop, wait at most this long for Kafka to acknowledge the events in flight",
  },
  truthDir: {
    flag: "--truth <dir>",
    env: "TRUTH_DIR",
    parse: optional((raw: string) => raw),
    fallback: none as string | undefined,
    note: "off",
    help: "write the answers a correct pipeline must give (windows.csv, manifest.json) here",
  },
  truthWindowMs: {
    flag: "--truth-window <duration>",
    env: "TRUTH_WINDOW",
    parse: parseDuration,
    fallback: 60_000,
    literal: "1m",
    help: "the truth's tumbling window of event time (whole seconds)",
  },
  truthLatenessMs: {
    flag: "--truth-lateness <duration>",
    env: "TRUTH_LATENESS",
    parse: optional(parseDuration),
    fallback: none as number | undefined,
    note: "off",
    help: "also write windows_ontime.csv: what a pipeline allowing this much lateness keeps",
  },
  late: {
    flag: "--late <p:max>",
    env: "LATE",
    parse: parseLate,
    fallback: { share: 0, maxMs: 0 },
    literal: "0%",
    help: "send P% of events late, each held back up to MAX of event time (e.g. 5%:30s)",
  },
  duplicates: {
    flag: "--duplicates <p>",
    env: "DUPLICATES",
    parse: (raw: string, label: string) => parsePercent(raw, label),
    fallback: 0,
    literal: "0%",
    help: "send P% of events a second time, a few seconds later (same key, value and ids)",
  },
  malformed: {
    flag: "--malformed <p>",
    env: "MALFORMED",
    parse: (raw: string, label: string) => parsePercent(raw, label),
    fallback: 0,
    literal: "0%",
    help: "add P% malformed records (not JSON, truncated, off-schema, wrong event_type header)",
  },
});

/** `5%` or `5` (percent) → 0.05; 0–100. */
function parsePercent(raw: string, label: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(raw);
  const percent = m === null ? NaN : Number(m[1]);
  if (!(percent >= 0 && percent <= 100)) {
    throw new UsageError(`${label} must be a percentage from 0 to 100 (e.g. 1%), got "${raw}"`);
  }
  return percent / 100;
}

/** `5%:30s` → 5% of events, each late by up to 30 s. */
function parseLate(raw: string, label: string): { share: number; maxMs: number } {
  const at = raw.lastIndexOf(":");
  if (at < 0) {
    // "0%" alone turns it off; any other share needs its maximum delay.
    if (parsePercent(raw, label) === 0) return { share: 0, maxMs: 0 };
    throw new UsageError(`${label} must be P:MAX, e.g. 5%:30s, got "${raw}"`);
  }
  const share = parsePercent(raw.slice(0, at), label);
  const maxMs = parseDuration(raw.slice(at + 1), label);
  if (share > 0 && maxMs < 1) throw new UsageError(`${label}: the delay must be at least 1ms`);
  return { share, maxMs };
}

/** A number > 0 (a speed of 0 would stop the world). */
function parsePositive(raw: string, label: string): number {
  const value = parseNumber(raw, label);
  if (value === 0) throw new UsageError(`${label} must be greater than 0, got ${raw.trim()}`);
  return value;
}

/** Settings that belong to one profile (or one mode) given where they mean nothing: exit 2. */
function checkProfileSettings(
  sources: Sources,
  profile: Profile,
  backfill: boolean,
): void {
  const rate = givenAs(PRODUCE_SETTINGS.rate, sources);
  const speed = givenAs(PRODUCE_SETTINGS.speed, sources);
  const interval = givenAs(PRODUCE_SETTINGS.viewerIntervalMs, sources);
  if (profile === "realistic" && rate !== undefined) {
    throw new UsageError(
      `${rate} does not apply to --profile realistic, whose rate follows its channels' audiences: ` +
        "for more events ask for more channels (--channels 50) or run the world faster (--speed 10)",
    );
  }
  if (profile === "seed" && speed !== undefined) {
    throw new UsageError(
      `${speed} applies to --profile realistic; the seed profile's load is set with --rate`,
    );
  }
  if (profile === "seed" && interval !== undefined) {
    throw new UsageError(
      `${interval} applies to --profile realistic; the seed profile's viewer counts are 20% of --rate`,
    );
  }
  if (backfill && speed !== undefined) {
    throw new UsageError(
      `${speed} applies to live runs; a backfill (--start) already runs at full speed`,
    );
  }
}

/** `--shard auto`'s settings, checked against what it cannot be combined with (yet). */
function resolveCoordination(
  sources: Sources,
  s: ReturnType<typeof resolveSettings<typeof PRODUCE_SETTINGS>>,
): Coordination | undefined {
  if (s.shard !== "auto") {
    // Flags only: a shared .env or environment may well set them for replicas of both kinds.
    for (const setting of ["runName", "coordinationTopic", "sessionTimeoutMs"] as const) {
      const given = givenAs(PRODUCE_SETTINGS[setting], sources);
      if (given?.startsWith("--")) throw new UsageError(`${given} applies to --shard auto`);
    }
    return undefined;
  }
  const refuse = (what: string) => {
    throw new UsageError(`--shard auto ${what}`);
  };
  if (s.profile === "seed" && s.rate === 0) {
    refuse(
      "needs a rate > 0 with the seed profile: its replicas share one schedule of the whole " +
        "stream, which --rate 0 (as fast as possible) does not have",
    );
  }
  if (s.startMs !== undefined) refuse("is for live runs; split a backfill with --shard i/n");
  if (s.stdout) refuse("coordinates through Kafka and cannot write to --stdout");
  if (s.workers !== 1) refuse("runs one worker per replica (scale with more replicas)");
  if (s.truthDir !== undefined) refuse("cannot write a truth yet (a replica's channels change)");
  if (s.late.share > 0 || s.duplicates > 0 || s.malformed > 0) {
    refuse("cannot add disorder yet (--late, --duplicates, --malformed)");
  }
  if (s.coordinationTopic === "") throw new UsageError("--coordination-topic needs a name");
  if (s.sessionTimeoutMs < 1000) {
    throw new UsageError(`--session-timeout must be at least 1s, got ${s.sessionTimeoutMs} ms`);
  }
  return {
    runName: s.runName ??
      parseRunName(s.topicPrefix.replace(/\.+$/, ""), "the run name (from --topic-prefix)"),
    topic: s.coordinationTopic,
    sessionTimeoutMs: s.sessionTimeoutMs,
  };
}

export function resolveProduceConfig(sources: Sources): ProduceConfig {
  const s = resolveSettings(PRODUCE_SETTINGS, sources);
  const { channels, profile, rate, durationMs, startMs, untilMs } = s;
  const shard = s.shard === "auto" ? undefined : s.shard;
  checkProfileSettings(sources, profile, startMs !== undefined);
  const coordination = resolveCoordination(sources, s);
  if (channels.length > MAX_CHANNELS) {
    throw new UsageError(
      `--channels: at most ${MAX_CHANNELS.toLocaleString("en-US")} channels per process, got ${
        channels.length.toLocaleString("en-US")
      } (each process keeps every channel's world in a heap capped for 256 MB containers); ` +
        "give each of several processes its own channels",
    );
  }
  const enabled = Object.fromEntries(EVENT_KINDS.map((kind) => [kind, s[kind]])) as Record<
    Kind,
    boolean
  >;
  if (!EVENT_KINDS.some((k) => enabled[k])) {
    throw new UsageError(
      "every event type is disabled (PRODUCE_CHAT, PRODUCE_VIEWER, PRODUCE_TRANSACTIONS, PRODUCE_STREAM_META); enable at least one",
    );
  }
  if (durationMs === 0) throw new UsageError("--duration must be longer than 0s");
  if (untilMs !== undefined && startMs === undefined) {
    throw new UsageError("--until needs --start (it ends a backfill)");
  }
  if (startMs !== undefined && untilMs !== undefined && untilMs <= startMs) {
    throw new UsageError("--until must be later than --start");
  }
  if (profile === "seed" && startMs !== undefined && rate === 0) {
    throw new UsageError(
      "--start needs a rate > 0: timestamps advance as if events came at --rate per second",
    );
  }
  if (shard && shard.total > channels.length) {
    throw new UsageError(
      `--shard ${shard.index}/${shard.total} needs at least ${shard.total} channels, got ${channels.length}`,
    );
  }
  const sent = shard
    ? Math.ceil((channels.length - shard.index + 1) / shard.total)
    : channels.length;
  if (typeof s.workers === "number" && s.workers > sent) {
    throw new UsageError(
      `--workers ${s.workers} needs at least ${s.workers} channels to send, got ${sent}` +
        (shard ? ` (shard ${shard.index}/${shard.total})` : ""),
    );
  }
  if (s.truthWindowMs < 1000 || s.truthWindowMs % 1000 !== 0) {
    throw new UsageError(
      `--truth-window must be a whole number of seconds, at least 1s, got ${s.truthWindowMs} ms`,
    );
  }
  if (s.truthDir === "") throw new UsageError("--truth needs a directory");
  if (s.truthLatenessMs !== undefined && s.truthDir === undefined) {
    throw new UsageError("--truth-lateness needs --truth DIR (it adds windows_ontime.csv there)");
  }
  const output = s.stdout ? "stdout" : "kafka";
  if (s.viewerIntervalMs === 0) throw new UsageError("--viewer-interval must be longer than 0s");
  return {
    channels,
    profile,
    rate,
    speed: s.speed ?? 1,
    viewerIntervalMs: s.viewerIntervalMs,
    messageVariants: s.messageVariants,
    enabled,
    seed: s.seed,
    count: s.count,
    durationMs,
    startMs,
    untilMs,
    shard,
    coordination,
    output,
    envelope: s.envelope,
    topics: topicNames(s.topicPrefix, s.topic),
    partitions: s.partitions,
    replicationFactor: s.replicationFactor,
    compression: s.compression,
    batchSize: s.batchSize,
    lingerMs: s.lingerMs,
    statsEvery: s.statsEvery,
    progress: s.progress,
    metricsPort: s.metricsPort,
    workers: s.workers,
    shutdownTimeoutMs: s.shutdownTimeoutMs,
    truthDir: s.truthDir,
    truthWindowMs: s.truthWindowMs,
    truthLatenessMs: s.truthLatenessMs,
    disorder: {
      lateShare: s.late.share,
      lateMaxMs: s.late.maxMs,
      duplicateShare: s.duplicates,
      malformedShare: s.malformed,
    },
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
