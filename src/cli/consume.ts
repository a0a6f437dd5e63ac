/**
 * `telemetra-mock consume [topic...] [limit]`: flags, help text, and the call to the consume
 * session (src/consume/session.ts), which reads Kafka through src/kafka/consumer.ts.
 */
import { Command, Option } from "commander";
import { KAFKA_SETTINGS } from "../config/kafka.ts";
import { CONSUME_SETTINGS, resolveConsumeConfig } from "../consume/options.ts";
import { consumeSession } from "../consume/session.ts";
import { addSettingOptions, logLevelOf, readSources, RUN_SETTINGS } from "./sources.ts";
import type { CliIo } from "./io.ts";
import { setupLogging } from "./logging.ts";

export function consumeCommand(io: CliIo): Command {
  const cmd = new Command("consume")
    .summary("read the topics back, pretty or as JSON")
    .description(
      "Read the telemetra.events.* topics (or the ones named) back: pretty lines for people on a " +
        "terminal, one JSON envelope per line when piped, statistics by topic on stderr at the end.",
    )
    .usage("[options] [topic...] [limit]")
    .argument(
      "[topic...]",
      "topics to read (default: the four telemetra.events.* topics); a trailing number is the limit",
    );
  addSettingOptions(cmd, CONSUME_SETTINGS);
  // kcat's spelling of --count, kept out of --help and out of the table (it is no setting).
  cmd.addOption(new Option("-c <n>", "kcat's spelling of --count").hideHelp());
  addSettingOptions(cmd, RUN_SETTINGS);
  addSettingOptions(cmd, KAFKA_SETTINGS);
  cmd.addHelpText(
    "after",
    `
Examples:
  telemetra-mock consume telemetra.events.chat 10        next 10 chat messages
  telemetra-mock consume --from-beginning -e             all so far, then stop
  telemetra-mock consume -o -100 -e -f json | jq .value  last 100 per partition
  telemetra-mock consume -g dashboards --validate        a live contract check

Exit codes: 0 when the limit or the end was reached or the user stopped it; 1 on
errors, a missing topic or (with --validate) any invalid record; 2 on usage
errors; 130 when stopped while still connecting to Kafka.`,
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
