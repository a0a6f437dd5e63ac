/**
 * One produce run, wired: generator + clock + sink + stats + progress, stopped by count, time or
 * signal, always flushed. Returns the exit code (1 when accepted events were not delivered).
 */
import { getLogger } from "@logtape/logtape";
import type { CliIo } from "../cli/io.ts";
import { autoLingerMs, type ProduceConfig } from "../config/produce.ts";
import { ExitCode } from "../errors.ts";
import type { GeneratedEvent } from "../generator/types.ts";
import { toKafkaSettings } from "../config/kafka.ts";
import { createGenerator } from "../generator/generate.ts";
import { shardChannels } from "../generator/shard.ts";
import { openKafkaEventSink } from "../sinks/kafka.ts";
import { textSink } from "../sinks/text.ts";
import type { EventSink } from "../sinks/types.ts";
import { systemClock } from "./clock.ts";
import { startProduceTelemetry } from "../metrics/produce_telemetry.ts";
import { VERSION } from "../version.ts";
import { runProduce } from "./run.ts";
import { ProduceStats } from "./stats.ts";
import type { StatusLine } from "./status_line.ts";

const log = getLogger(["telemetra", "produce"]);

/** A random seed from the OS: used when the user gave none, and logged so a run can be replayed. */
function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** Reads CA, certificate, key and password files at the edge. */
const readTextFile = (path: string) => Deno.readTextFileSync(path);

export async function produceSession(
  config: ProduceConfig,
  io: CliIo,
  status: StatusLine,
): Promise<number> {
  const baseSeed = config.seed ?? randomSeed();
  const channels = config.channels;
  const seed = baseSeed;
  const rate = config.rate;
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
      } of a stream generated at ${rate > 0 ? `${rate.toFixed(2)} msg/sec` : "full speed"}`,
    );
  }
  log.info(
    `Configuration loaded: ${channels.length} channels, ${
      rate.toFixed(1)
    } msg/sec, seed ${baseSeed}` +
      (config.seed === undefined ? ` (pass --seed ${baseSeed} to reproduce)` : ""),
  );
  const generator = createGenerator({
    channels,
    messageVariants: config.messageVariants,
    enabled: config.enabled,
  }, seed);

  // /healthz and /metrics are up before Kafka is reached, so a healthcheck says 503 meanwhile.
  await using telemetry = startProduceTelemetry({
    version: VERSION,
    topics: config.topics,
    targetRate: rate,
    output: config.output,
    backfill: config.startMs !== undefined,
    port: config.metricsPort,
  });
  const sink: EventSink = telemetry.instrument(
    config.output === "stdout"
      ? textSink({ topics: config.topics, envelope: config.envelope, write: (t) => io.stdout(t) })
      : await openKafkaEventSink(
        config,
        toKafkaSettings(config.kafka!, readTextFile),
        io.shutdown,
        telemetry.sinkHooks,
      ),
  );
  const clock = systemClock();
  const started = clock.now();
  const stats = new ProduceStats({
    every: config.statsEvery,
    minIntervalMs: 1000,
    notablePerSecond: 5,
    targetRate: rate,
  }, started);
  // On a terminal the progress line replaces the scrolling report and notable-event lines.
  const chatty = (line: string) => status.enabled ? log.debug(line) : log.info(line);
  const timer = status.enabled
    ? setInterval(() => status.update(stats.progressLine(clock.now(), sink.counts())), 250)
    : undefined;

  if (!io.shutdown.aborted) log.info("Starting message production...");
  let outcome;
  try {
    outcome = await runProduce(
      generator,
      sink,
      clock,
      {
        rate,
        count: config.count,
        durationMs: config.durationMs,
        startMs: config.startMs,
        untilMs: config.untilMs,
        batchSize: config.batchSize,
        lingerMs: config.lingerMs ?? autoLingerMs(rate),
        keep,
      },
      io.shutdown,
      {
        onBatch: (batch) => {
          for (const line of stats.record(batch, clock.now())) chatty(line);
        },
        onStall: (ms) => {
          stats.recordStall(ms);
          log.warn(`Kafka is not keeping up: generation paused ${(ms / 1000).toFixed(1)}s`);
        },
      },
    );
  } finally {
    if (timer !== undefined) clearInterval(timer);
    status.clear();
    if (io.shutdown.aborted) log.info("Shutting down: flushing events in flight...");
    await sink.close();
  }
  const counts = sink.counts();
  log.info(stats.summary(clock.now(), counts));
  if (config.startMs !== undefined && outcome.firstMs !== undefined) {
    log.info(
      `Event time spans ${new Date(outcome.firstMs).toISOString()} to ${
        new Date(outcome.lastMs!).toISOString()
      }`,
    );
  }
  const lost = counts.accepted - counts.delivered;
  if (lost > 0) {
    log.error(`${lost} of ${counts.accepted} accepted events were not delivered`);
    return ExitCode.Failure;
  }
  return ExitCode.Ok;
}
