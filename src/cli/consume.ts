/**
 * `telemetra-mock consume [topic...] [limit]`: flags, help text, and the call to the consume
 * session (src/consume/session.ts), which reads Kafka through src/kafka/consumer.ts.
 */
import { Command, Option } from "commander";
import { addKafkaOptions } from "../config/kafka.ts";
import { resolveConsumeConfig } from "../consume/options.ts";
import { consumeSession } from "../consume/session.ts";
import { SCHEMA_NAMES } from "../schemas.ts";
import { logLevelOf, readSources } from "./sources.ts";
import type { CliIo } from "./io.ts";
import { setupLogging } from "./logging.ts";

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
missing topic or (with --validate) any invalid record; 2 on usage errors; 130 when stopped while
still connecting to Kafka.`,
  );
  cmd.action(async (args: string[], flags: Record<string, unknown>) => {
    if (flags["c"] !== undefined) flags["count"] ??= flags["c"];
    const sources = readSources(flags, io);
    const level = logLevelOf(sources, flags["quiet"] === true ? "warning" : "info");
    const config = resolveConsumeConfig(args, sources, io);
    using _logging = setupLogging(level, (line) => io.stderr(line));
    io.setExitCode(await consumeSession(config, io));
  });
  return cmd;
}
