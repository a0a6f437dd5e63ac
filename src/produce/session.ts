/**
 * One produce run, wired: generator + clock + sink + stats + progress, stopped by count, time or
 * signal, always flushed. Returns the exit code (1 when accepted events were not delivered).
 */
import { getLogger, type LogLevel } from "@logtape/logtape";
import { autoLingerMs, type ProduceConfig } from "../config/produce.ts";
import { ExitCode } from "../errors.ts";
import type { GeneratedEvent } from "../generator/types.ts";
import { toKafkaSettings } from "../kafka/settings.ts";
import { arrivalOffsets } from "../generator/arrivals.ts";
import { createGenerator } from "../generator/generate.ts";
import {
  createRealisticGenerator,
  type RealisticGenerator,
} from "../generator/realistic/generator.ts";
import { shardChannels } from "../generator/shard.ts";
import type { OutgoingRecord } from "../kafka/producer.ts";
import { openKafkaEventSink } from "../sinks/kafka.ts";
import { textSink } from "../sinks/text.ts";
import type { EventSink } from "../sinks/types.ts";
import { openAutoShard, PRODUCER_HEADER, replicaName } from "./auto_shard.ts";
import { systemClock } from "./clock.ts";
import { startProduceTelemetry } from "../metrics/produce_telemetry.ts";
import { SUMMARY_CATEGORY } from "../log_categories.ts";
import { VERSION } from "../version.ts";
import { TruthWriter } from "../truth/writer.ts";
import { partitionOfKey } from "../kafka/batching.ts";
import { Disorder } from "./disorder.ts";
import { disorderSink } from "./disorder_sink.ts";
import { runProduce, type RunResult } from "./run.ts";
import { runWorld } from "./run_world.ts";
import { formatRate, ProduceStats } from "./stats.ts";
import { openWorkers, workerCount } from "./workers/open.ts";
import { StepRecorder } from "./workers/steps.ts";
import type { StatusLine } from "./status_line.ts";

const log = getLogger(["telemetra", "produce"]);
const summaryLog = getLogger([...SUMMARY_CATEGORY]);

/** A random seed from the OS: used when the user gave none, and logged so a run can be replayed. */
function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** Reads CA, certificate, key and password files at the edge. */
const readTextFile = (path: string) => Deno.readTextFileSync(path);

/** What a produce session needs of the outside world (the CLI's io satisfies it). */
export interface ProduceIo {
  /** NDJSON with --stdout. */
  stdout(text: string): void;
  /** Aborted on the first SIGINT/SIGTERM: stop, flush (bounded) and report. */
  readonly shutdown: AbortSignal;
  /** Aborted on the second: give up waiting at once. */
  readonly forced?: AbortSignal;
}

/** What the CLI knows besides the configuration. */
export interface SessionOptions {
  /** The log level, for the workers' own logging. */
  readonly logLevel?: LogLevel;
  /** Tests only: worker i (0-based) dies after `steps` batches (TELEMETRA_TEST_WORKER_FAULT). */
  readonly workerFault?: { readonly worker: number; readonly steps: number } | undefined;
  /** The host's name (HOSTNAME: a container's or pod's), part of a --shard auto replica's name. */
  readonly hostname?: string | undefined;
}

export async function produceSession(
  config: ProduceConfig,
  io: ProduceIo,
  status: StatusLine,
  options: SessionOptions = {},
): Promise<number> {
  const clock = systemClock();
  // --shard auto: the run's seed and start are whatever the first replica of the run chose.
  await using auto = config.coordination === undefined ? undefined : await openAutoShard(
    config,
    config.coordination,
    toKafkaSettings(config.kafka!, readTextFile),
    clock,
    config.seed ?? randomSeed(),
    replicaName(options.hostname),
    io.shutdown,
  );
  const baseSeed = auto?.record.seed ?? config.seed ?? randomSeed();
  const channels = config.channels;
  const seed = baseSeed;
  const rate = config.rate;
  const realistic = config.profile === "realistic";
  const pace = realistic
    ? "the world's pace"
    : rate > 0
    ? `${rate.toFixed(2)} msg/sec`
    : "full speed";
  let keep: ((event: GeneratedEvent) => boolean) | undefined;
  if (config.shard) {
    // Every shard generates the whole stream (same seed, same schedule) and sends only its
    // channels' events, so n shards together send exactly what one run sends, raids between
    // channels of different shards included. Generating is cheap next to serialising and
    // sending, which is what the shards split.
    const mine = new Set(
      shardChannels(config.channels, config.shard.index - 1, config.shard.total),
    );
    keep = (event) => mine.has(event.channel);
    log.info(
      `Shard ${config.shard.index}/${config.shard.total}: channels ${
        [...mine].join(",")
      } of a stream generated at ${pace}`,
    );
  }
  log.info(
    `Configuration loaded: ${channels.length} channels, ${
      realistic ? "realistic profile" : `${rate.toFixed(1)} msg/sec`
    }, seed ${baseSeed}` +
      (config.seed === undefined && auto === undefined
        ? ` (pass --seed ${baseSeed} to reproduce)`
        : ""),
  );
  const generatorConfig = {
    channels,
    messageVariants: config.messageVariants,
    enabled: config.enabled,
  };
  let world: RealisticGenerator | undefined;
  const worldStartMs = auto?.record.startMs ?? config.startMs ?? clock.now();
  if (auto !== undefined) {
    world = auto.world;
  } else if (realistic) {
    world = createRealisticGenerator(generatorConfig, seed, worldStartMs, {
      speed: config.speed,
      viewerIntervalMs: config.viewerIntervalMs,
    });
    log.info(
      `realistic profile: ${channels.length} channels, ≈ ${
        formatRate(world.ratePerSecond())
      } events/s now`,
    );
  }
  const generator = realistic ? undefined : createGenerator(generatorConfig, seed);
  const targetRate = world !== undefined ? world.ratePerSecond() : rate;
  // A --shard auto replica's share changes with its channels: read when shown.
  const shownRate = auto === undefined ? targetRate : () => auto.picture().ratePerSecond;
  const workers = workerCount(config, navigator.hardwareConcurrency ?? 1);
  // With workers, the main thread generates too (cheap next to sending) and hands them its steps.
  const recorder = workers > 1 ? new StepRecorder() : undefined;

  // The truth directory must be writable before anything is produced (exit 5 otherwise).
  const truth = config.truthDir === undefined ? undefined : TruthWriter.open(
    config.truthDir,
    {
      tool: "telemetra-mock",
      version: VERSION,
      seed: baseSeed,
      profile: config.profile,
      configuration: truthConfiguration(config),
      windowSeconds: config.truthWindowMs / 1000,
      latenessSeconds: config.truthLatenessMs === undefined
        ? undefined
        : config.truthLatenessMs / 1000,
    },
    config.topics,
  );
  if (truth !== undefined) log.info(`Writing the truth to ${config.truthDir}`);

  // /healthz and /metrics are up before Kafka is reached, so a healthcheck says 503 meanwhile.
  await using telemetry = startProduceTelemetry({
    version: VERSION,
    topics: config.topics,
    targetRate: shownRate,
    output: config.output,
    backfill: config.startMs !== undefined,
    port: config.metricsPort,
    shard: auto?.picture,
  });
  const kafkaSinkOptions = () => ({
    ...config,
    backfillAgeMs: config.startMs === undefined ? undefined : clock.now() - config.startMs,
    headers: auto === undefined ? undefined : { [PRODUCER_HEADER]: auto.instance },
  });
  const disorder = hasDisorder(config) ? new Disorder(config.disorder, seed) : undefined;
  const kafkaHooks = truth === undefined ? telemetry.sinkHooks : {
    ...telemetry.sinkHooks,
    onDelivered(records: readonly OutgoingRecord[]) {
      telemetry.sinkHooks.onDelivered?.(records);
      truth.settledRecords(records, true);
    },
    onFailed(records: readonly OutgoingRecord[]) {
      telemetry.sinkHooks.onFailed?.(records);
      truth.settledRecords(records, false);
    },
  };
  const output: EventSink = config.output === "stdout"
    ? textSink({
      topics: config.topics,
      envelope: config.envelope,
      write: (t) => io.stdout(t),
      onWritten: truth && ((batch) => truth.settledEvents(batch)),
    })
    : recorder !== undefined
    ? await openWorkers(config, {
      count: workers,
      generator: realistic
        ? {
          profile: "realistic",
          config: generatorConfig,
          seed,
          startMs: worldStartMs,
          speed: config.speed,
          viewerIntervalMs: config.viewerIntervalMs,
        }
        : { profile: "seed", config: generatorConfig, seed },
      recorder,
      sink: kafkaSinkOptions(),
      settings: toKafkaSettings(config.kafka!, readTextFile),
      hooks: kafkaHooks,
      logLevel: options.logLevel ?? "info",
      // The workers disorder their own events; this thread's Disorder only counts.
      disorder: disorder && { settings: config.disorder, seed, tally: disorder },
      onePartitionWriter: truth !== undefined && config.truthLatenessMs !== undefined,
      dieAfter: options.workerFault,
    }, io.shutdown)
    : await openKafkaEventSink(
      kafkaSinkOptions(),
      toKafkaSettings(config.kafka!, readTextFile),
      io.shutdown,
      kafkaHooks,
    );
  if (truth !== undefined) {
    const counts = output.partitionCounts;
    truth.usePartitions((topic, key) =>
      partitionOfKey(topic, key, counts?.get(topic) ?? config.partitions)
    );
  }
  if (disorder !== undefined) log.info(`Disorder on purpose: ${describeDisorder(config)}`);
  const sink: EventSink = telemetry.instrument(
    disorder === undefined || recorder !== undefined ? output : disorderSink(output, disorder),
  );
  // NDJSON goes out in small batches: a batch's events and lines then die young, in V8's small
  // young generation (the heap cap), instead of being copied and promoted by every scavenge
  // (1,000-event batches ran at half the speed of 200-event ones). Kafka sends stay --batch-size.
  const loopBatch = config.output === "stdout"
    ? Math.min(config.batchSize, STDOUT_BATCH)
    : config.batchSize;
  const started = clock.now();
  const stats = new ProduceStats({
    every: config.statsEvery,
    minIntervalMs: 1000,
    notablePerMinute: NOTABLE_PER_MINUTE,
    targetRate: shownRate,
  }, started);
  // On a terminal the progress line replaces the scrolling report and notable-event lines.
  const chatty = (line: string) => status.enabled ? log.debug(line) : log.info(line);
  const timer = status.enabled
    ? setInterval(() => status.update(stats.progressLine(clock.now(), sink.counts())), 250)
    : undefined;

  if (!io.shutdown.aborted) log.info("Starting message production...");
  // A live run with a duration ends on time even while Kafka holds the loop in backpressure.
  const stopSignal = auto === undefined ? io.shutdown : AbortSignal.any([io.shutdown, auto.failed]);
  const runSignal = config.durationMs !== undefined && config.startMs === undefined
    ? AbortSignal.any([stopSignal, AbortSignal.timeout(config.durationMs + END_SLACK_MS)])
    : stopSignal;
  const forced = io.forced ?? new AbortController().signal;
  let outcome: RunResult | typeof FORCED | undefined;
  let runError: unknown;
  let interrupted = false;
  const hooks = {
    onBatch: (batch: readonly GeneratedEvent[]) => {
      truth?.accepted(batch);
      for (const line of stats.record(batch, clock.now(), sink.counts())) chatty(line);
    },
  };
  try {
    await auto?.join(io.shutdown);
    outcome = await unlessForced(
      world !== undefined
        ? runWorld(
          recorder ? recorder.world(world) : world,
          sink,
          clock,
          {
            count: config.count,
            durationMs: config.durationMs,
            startMs: config.startMs,
            untilMs: config.untilMs,
            batchSize: loopBatch,
            lingerMs: config.lingerMs ?? autoLingerMs(targetRate),
            keep,
            admit: auto?.admit,
            recheckMs: auto === undefined ? undefined : AUTO_RECHECK_MS,
          },
          runSignal,
          hooks,
        )
        : runProduce(
          recorder ? recorder.seed(generator!) : generator!,
          sink,
          clock,
          {
            rate,
            count: config.count,
            durationMs: config.durationMs,
            startMs: config.startMs,
            untilMs: config.untilMs,
            batchSize: loopBatch,
            lingerMs: config.lingerMs ?? autoLingerMs(rate),
            keep,
            arrivalOffset: arrivalOffsets(seed),
          },
          runSignal,
          hooks,
        ),
      forced,
    );
    interrupted = outcome === FORCED;
    if (auto?.error() !== undefined) throw auto.error();
  } catch (error) {
    runError = error;
  } finally {
    if (timer !== undefined) clearInterval(timer);
    status.clear();
  }
  if (!interrupted) {
    // Bounded: what Kafka has not acknowledged by then is reported as undelivered.
    const waiting = inFlight(stats, sink);
    const limit = `${Math.round(config.shutdownTimeoutMs / 1000)}s`;
    if (io.shutdown.aborted) {
      log.info(`Shutting down: flushing ${waiting} events in flight (at most ${limit})...`);
    } else if (waiting > 0 && sink.counts().kafkaDown) {
      log.warn(`Waiting at most ${limit} for Kafka to acknowledge ${waiting} events...`);
    }
    interrupted = await unlessForced(sink.close(config.shutdownTimeoutMs), forced) === FORCED;
  }
  // Only once its records are acknowledged does a replica hand its channels over.
  await auto?.leave();
  const counts = sink.counts();
  if (truth !== undefined) {
    const { rows, dir } = truth.finish(
      disorder === undefined ? undefined : { settings: config.disorder, ...disorder.counts },
    );
    log.info(`Truth: ${rows} rows in ${dir}/windows.csv, manifest in ${dir}/manifest.json`);
  }
  if (interrupted) {
    summaryLog.warn(`Interrupted: ${stats.summary(clock.now(), counts, disorder?.injected ?? 0)}`);
    return ExitCode.Interrupted;
  }
  if (stats.suppressedNotable > 0) {
    chatty(
      `Notable events not logged: ${stats.suppressedNotable} transactions and viewer jumps ` +
        `beyond ${NOTABLE_PER_MINUTE} a minute of event time`,
    );
  }
  summaryLog.info(stats.summary(clock.now(), counts, disorder?.injected ?? 0));
  if (auto !== undefined) summaryLog.info(auto.summary());
  if (runError !== undefined) throw runError;
  if (config.startMs !== undefined && outcome !== FORCED && outcome?.firstMs !== undefined) {
    log.info(
      `Event time spans ${new Date(outcome.firstMs).toISOString()} to ${
        new Date(outcome.lastMs!).toISOString()
      }`,
    );
  }
  const records = stats.generated + (disorder?.injected ?? 0);
  const notDelivered = records - counts.delivered;
  if (notDelivered > 0) {
    log.error(
      `${notDelivered} of ${records} events were not acknowledged by Kafka ` +
        `(failed ${counts.failed}, undelivered ${notDelivered - counts.failed})`,
    );
    return ExitCode.Failure;
  }
  return ExitCode.Ok;
}

/** The configuration a truth's manifest records: what reproduces the run (no connection details). */
function truthConfiguration(config: ProduceConfig): Record<string, unknown> {
  return {
    channels: config.channels,
    profile: config.profile,
    rate: config.profile === "seed" ? config.rate : null,
    speed: config.profile === "realistic" ? config.speed : null,
    messageVariants: config.messageVariants,
    enabled: config.enabled,
    count: config.count ?? null,
    durationMs: config.durationMs ?? null,
    start: config.startMs === undefined ? null : new Date(config.startMs).toISOString(),
    until: config.untilMs === undefined ? null : new Date(config.untilMs).toISOString(),
    shard: config.shard ?? null,
    topics: config.topics,
  };
}

/** How often a --shard auto replica looks at its channels while none has an event due. */
const AUTO_RECHECK_MS = 100;

/** Transaction and viewer-jump lines per minute of event time (starts, ends, raids: all). */
const NOTABLE_PER_MINUTE = 5;

/** Events per batch with --stdout (see loopBatch). */
const STDOUT_BATCH = 200;

function hasDisorder(config: ProduceConfig): boolean {
  const d = config.disorder;
  return d.lateShare > 0 || d.duplicateShare > 0 || d.malformedShare > 0;
}

function describeDisorder(config: ProduceConfig): string {
  const d = config.disorder;
  const percent = (share: number) => `${+(share * 100).toFixed(3)}%`;
  return [
    d.lateShare > 0 ? `${percent(d.lateShare)} late by up to ${d.lateMaxMs / 1000}s` : "",
    d.duplicateShare > 0 ? `${percent(d.duplicateShare)} duplicated` : "",
    d.malformedShare > 0 ? `${percent(d.malformedShare)} malformed extras` : "",
  ].filter((part) => part !== "").join(", ") + " (header telemetra.anomaly)";
}

/** How far past a run's duration the loop may be held by backpressure before it is stopped. */
const END_SLACK_MS = 1000;

function inFlight(stats: ProduceStats, sink: EventSink): number {
  const c = sink.counts();
  return Math.max(0, stats.generated - c.delivered - c.failed);
}

const FORCED = Symbol("forced");

/** The promise's value, or FORCED as soon as `forced` aborts (a second signal). */
function unlessForced<T>(promise: Promise<T>, forced: AbortSignal): Promise<T | typeof FORCED> {
  if (forced.aborted) return Promise.resolve(FORCED);
  return new Promise<T | typeof FORCED>((resolve, reject) => {
    const onForced = () => resolve(FORCED);
    forced.addEventListener("abort", onForced, { once: true });
    promise.then(resolve, reject).finally(() => forced.removeEventListener("abort", onForced));
  });
}
