/**
 * `telemetra-mock consume [topic...] [limit]`: flags, help and the wiring of the consume loop —
 * Kafka records in, pretty/json/value lines on stdout, statistics and invalid-record notices on
 * stderr. The work is in src/consume/ (pure) and src/kafka/consumer.ts (kafkajs).
 */
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { getLogger } from "@logtape/logtape";
import { addKafkaOptions, toKafkaSettings } from "../config/kafka.ts";
import { SCHEMA_OF_KIND } from "../config/topics.ts";
import { kindOfTopic } from "../consume/event_kind.ts";
import { type ConsumeConfig, resolveConsumeConfig } from "../consume/options.ts";
import { DEFAULT_PRETTY } from "../consume/pretty.ts";
import { RecordPrinter } from "../consume/printer.ts";
import { ConsumeStats, renderStats } from "../consume/stats.ts";
import { recordValidator, type SchemaCheck } from "../consume/validation.ts";
import { CliError, ExitCode, UsageError } from "../errors.ts";
import { createKafka } from "../kafka/client.ts";
import { consumeRecords } from "../kafka/consumer.ts";
import type { StopReason } from "../kafka/consumer_types.ts";
import { describeOffsetSpec } from "../kafka/offset_spec.ts";
import { builtinSchemaName, SCHEMA_NAMES, validatorFor } from "../schemas.ts";
import { compileCustomSchema } from "../validate/custom_schema.ts";
import { logLevelOf, readSources } from "./sources.ts";
import type { CliIo } from "./io.ts";
import { setupLogging } from "./logging.ts";
import { OutputClosed } from "./process_io.ts";

const log = getLogger(["telemetra", "consume"]);

export function consumeCommand(io: CliIo): Command {
  const cmd = new Command("consume")
    .description(
      "Read the telemetra.events.* topics (or the ones named) back: pretty lines for people on a " +
        "terminal, one JSON envelope per line when piped, statistics by topic on stderr at the end.",
    )
    .usage("[options] [topic...] [limit]")
    .argument(
      "[topic...]",
      "topics to read (default: the four telemetra.events.* topics); a trailing number is the limit",
    )
    .option("-o, --offset <where>", "beginning, end, N, -N (N before the end) or +N (default end)")
    .option("--from-beginning", "same as --offset beginning")
    .option("-e, --exit-at-end", "stop at the end offsets seen when starting")
    .option("-g, --group <name>", "join this consumer group and commit (default: no group)")
    .option("-p, --partitions <list>", "only these partitions, e.g. 0,2")
    .option("-n, --count <n>", "stop after N records in total (like the trailing limit)")
    .addOption(new Option("-c <n>", "kcat's spelling of --count").hideHelp())
    .option(
      "-f, --format <format>",
      "pretty, json or value (default: pretty on a terminal, json when piped)",
    )
    .option("--no-color", "no colours in pretty output (also NO_COLOR)")
    .option("--validate", "check every record against its topic's schema; exit 1 if any is invalid")
    .option(
      "--schema <name-or-file>",
      `check every record against this schema instead (${SCHEMA_NAMES.join(", ")} or a file)`,
    )
    .option(
      "--topic-prefix <prefix>",
      "prefix of the default topics (env TOPIC_PREFIX, default telemetra.events.)",
    )
    .option("-q, --quiet", "no statistics and no progress logs on stderr")
    .option("--env-file <path>", "read variables from this file instead of ./.env")
    .option("--log-level <level>", "DEBUG, INFO, WARNING or ERROR (env LOG_LEVEL, default INFO)");
  addKafkaOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Examples:
  telemetra-mock consume telemetra.events.chat 10            10 chat messages from now on
  telemetra-mock consume --from-beginning -e                 everything so far, then stop
  telemetra-mock consume -o -100 -e -f json | jq .value      the last 100 records per partition
  telemetra-mock consume -g dashboards --validate            a live contract check in a group

Exit codes: 0 when the limit or the end was reached or the user stopped it; 1 on errors, a
missing topic or (with --validate) any invalid record; 2 on usage errors.`,
  );
  cmd.action(async (args: string[], flags: Record<string, unknown>) => {
    if (flags["c"] !== undefined) flags["count"] ??= flags["c"];
    const sources = readSources(flags, io);
    const level = logLevelOf(sources, flags["quiet"] === true ? "warning" : "info");
    const config = resolveConsumeConfig(args, sources, io);
    using _logging = setupLogging(level, (line) => io.stderr(line));
    io.setExitCode(await runConsume(config, io));
  });
  return cmd;
}

/** Runs one consume session; returns the exit code (throws CliError for failures). */
export async function runConsume(config: ConsumeConfig, io: CliIo): Promise<number> {
  const validator = config.validate ? recordValidator(await schemaChecks(config, io)) : undefined;
  const settings = toKafkaSettings(
    config.kafka,
    (path) => Deno.readTextFileSync(resolve(io.cwd, path)),
  );
  const stats = new ConsumeStats(config.topics, config.validate);
  const printer = new RecordPrinter(
    {
      format: config.format,
      ...(config.limit !== undefined ? { limit: config.limit } : {}),
      pretty: { ...DEFAULT_PRETTY, color: config.color },
      topicKinds: config.topicKinds,
      ...(validator ? { validate: validator } : {}),
    },
    stats,
    (text) => io.stdout(text),
    (text) => io.stderr(text),
  );
  log.info("Consuming {topics} from {offset}{group}{end}", {
    topics: config.topics.join(", "),
    offset: describeOffsetSpec(config.offset),
    group: config.groupId === undefined ? "" : ` in group ${config.groupId}`,
    end: config.exitAtEnd ? " until the end" : "",
  });
  const started = performance.now();
  let reason: StopReason | "output closed" = "signal";
  try {
    const result = await consumeRecords(createKafka(settings), settings, {
      topics: config.topics,
      ...(config.partitions !== undefined ? { partitions: config.partitions } : {}),
      ...(config.groupId !== undefined ? { groupId: config.groupId } : {}),
      offset: config.offset,
      exitAtEnd: config.exitAtEnd,
      signal: io.shutdown,
      onBatch: (batch) => printer.handle(batch),
    });
    reason = result.reason;
  } catch (error) {
    // `| head` closed our stdout: a normal way to stop reading.
    if (!(error instanceof OutputClosed)) throw error;
    reason = "output closed";
  }
  log.debug("Stopped: {reason}", { reason });
  if (!config.quiet) io.stderr(renderStats(stats, performance.now() - started));
  if (stats.invalid > 0) {
    throw new CliError(
      `${stats.invalid} of ${stats.total} record${stats.total === 1 ? "" : "s"} failed validation`,
      ExitCode.Failure,
    );
  }
  return ExitCode.Ok;
}

/** The schema check of every topic: --schema for all, else the schema of each topic's kind. */
async function schemaChecks(config: ConsumeConfig, io: CliIo): Promise<Map<string, SchemaCheck>> {
  const checks = new Map<string, SchemaCheck>();
  const chosen = config.schema === undefined ? undefined : await loadSchema(config.schema, io.cwd);
  for (const topic of config.topics) {
    if (chosen !== undefined) {
      checks.set(topic, chosen);
      continue;
    }
    const kind = kindOfTopic(topic, config.topicKinds);
    if (kind === undefined) {
      throw new UsageError(
        `no schema is known for topic ${topic}; name one with --schema (${
          SCHEMA_NAMES.join(", ")
        } or a file)`,
      );
    }
    checks.set(topic, validatorFor(builtinSchemaName(SCHEMA_OF_KIND[kind])!));
  }
  return checks;
}

/** A schema file (an existing file wins) or a built-in schema name. */
async function loadSchema(arg: string, cwd: string): Promise<SchemaCheck> {
  const path = resolve(cwd, arg);
  let text: string | undefined;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new UsageError(`cannot read schema ${arg}: ${(error as Error).message}`);
    }
  }
  if (text !== undefined) {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`schema ${arg} is not JSON: ${(error as Error).message}`);
    }
    return compileCustomSchema(document, arg);
  }
  const name = builtinSchemaName(arg);
  if (name === undefined) {
    throw new UsageError(
      `unknown schema "${arg}": no such file, and not a built-in schema (${
        SCHEMA_NAMES.join(", ")
      })`,
    );
  }
  return validatorFor(name);
}
