/** `telemetra-mock produce`: flags, help and examples; the work is in src/produce/session.ts. */
import { Command, Option } from "commander";
import { addKafkaOptions } from "../config/kafka.ts";
import { resolveProduceConfig } from "../config/produce.ts";
import { produceSession } from "../produce/session.ts";
import { StatusLine } from "../produce/status_line.ts";
import { logLevelOf, readSources } from "./sources.ts";
import type { CliIo } from "./io.ts";
import { setupLogging } from "./logging.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function produceCommand(io: CliIo): Command {
  const cmd = new Command("produce")
    .description(
      "Generate Twitch-like events for one or many channels at a target rate and publish them to " +
        "the four telemetra.events.* topics (key = channel), or print them as NDJSON with --stdout.",
    )
    .option(
      "-c, --channels <list>",
      "channels, comma-separated (env CHANNELS, default demo_stream)",
    )
    .option(
      "-r, --rate <n>",
      "events per second over all channels, 0 = as fast as possible (env RATE_PER_SEC, default 10)",
    )
    .option("-n, --count <n>", "stop after N events")
    .option("-d, --duration <duration>", "stop after this long, e.g. 30s, 5m, 1h")
    .option("--seed <n>", "seed for reproducible events (env SEED; default random, logged)")
    .option(
      "--start <time>",
      "backfill: event time starts here (ISO 8601) and advances at --rate, sent at full speed",
    )
    .option("--until <time>", "end a backfill at this event time (ISO 8601)")
    .option(
      "--shard <i/n>",
      "send shard i of n (1-based): a disjoint share of the channels of the whole stream",
    )
    .option(
      "--message-variants <n>",
      "chat templates in use (env MESSAGE_VARIANTS, default 50)",
    )
    .option("--no-chat", "no chat messages (env PRODUCE_CHAT=false)")
    .option("--no-viewer", "no viewer counts (env PRODUCE_VIEWER=false)")
    .option("--no-transactions", "no transactions (env PRODUCE_TRANSACTIONS=false)")
    .option("--no-stream-meta", "no stream metadata (env PRODUCE_STREAM_META=false)")
    .option("--stdout", "write NDJSON to stdout instead of Kafka (no broker needed)")
    .option("--envelope", 'with --stdout: one {"topic","key","value"} object per line')
    .option(
      "--topic-prefix <prefix>",
      "prefix of the four topic names (env TOPIC_PREFIX, default telemetra.events.)",
    )
    .option("--topic <kind=name>", "rename one topic, e.g. chat=my.chat (repeatable)", collect)
    .option("--partitions <n>", "partitions of created topics (env TOPIC_PARTITIONS, default 3)")
    .option(
      "--replication-factor <n>",
      "replication factor of created topics (env TOPIC_REPLICATION_FACTOR, default 1)",
    )
    .addOption(
      new Option("--compression <codec>", "none, gzip or snappy (env COMPRESSION, default snappy)"),
    )
    .option("--batch-size <n>", "max events per send (env BATCH_SIZE, default 1000)")
    .option(
      "--linger <duration>",
      "wait up to this long to fill a batch (env LINGER, default 20 events' time, 5ms–200ms)",
    )
    .option("--stats-every <n>", "log a stats line every N events (env STATS_EVERY, default 100)")
    .option("--no-progress", "no live progress line on a terminal")
    .option(
      "--metrics-port <n>",
      "serve /metrics and /healthz on this port (env METRICS_PORT; 0 = any free port)",
    )
    .option(
      "--shutdown-timeout <duration>",
      "on a stop, wait at most this long for Kafka to acknowledge the events in flight " +
        "(env SHUTDOWN_TIMEOUT, default 8s)",
    )
    .option("--env-file <path>", "read variables from this file instead of ./.env")
    .option("--log-level <level>", "DEBUG, INFO, WARNING or ERROR (env LOG_LEVEL, default INFO)");
  addKafkaOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Settings come from flags, then environment variables, then ./.env (or --env-file), then defaults.

Examples:
  telemetra-mock produce -b localhost:9092 --rate 100 --channels gaming,esports,music
  telemetra-mock produce -b localhost:9092 --rate 0 --count 1000000 --seed 7
  telemetra-mock produce -b localhost:9092 --start 2025-10-16T00:00:00Z --until 2025-10-17T00:00:00Z
  telemetra-mock produce --stdout --seed 42 --count 5 --envelope`,
  );
  cmd.action(async (flags: Record<string, unknown>) => {
    const sources = readSources(flags, io);
    const level = logLevelOf(sources, "info");
    const config = resolveProduceConfig(sources);
    const status = new StatusLine(
      (text) => io.stderr(text),
      config.progress && io.stderrIsTerminal,
    );
    using _logging = setupLogging(level, (line) => status.log(line));
    io.setExitCode(await produceSession(config, io, status));
  });
  return cmd;
}
