/**
 * `telemetra-mock verify --truth DIR ACTUAL`: checks a pipeline's per-window answers against the
 * truth a produce run wrote. Parses and wires only: the work is src/verify/session.ts.
 */
import { Command, Option } from "commander";
import { KAFKA_SETTINGS, resolveKafkaOptions } from "../config/kafka.ts";
import { toKafkaSettings } from "../kafka/settings.ts";
import { runVerify, type VerifyFlags } from "../verify/session.ts";
import { setupLogging } from "./logging.ts";
import { addSettingOptions, logLevelOf, readSources, RUN_SETTINGS } from "./sources.ts";
import type { CliIo } from "./io.ts";

const collect = (value: string, previous: string[]) => [...previous, value];

export function verifyCommand(io: CliIo): Command {
  const cmd = new Command("verify")
    .summary("check a pipeline's windows against the truth")
    .description(
      "Compare a pipeline's per-window aggregates with the truth written by produce --truth: " +
        "every (window_start, channel), exact for counts, ±0.01 for viewer_avg and revenue_usd.",
    )
    .argument(
      "[actual]",
      "a CSV or NDJSON file with the truth's column names (- for stdin), or a PostgreSQL URL " +
        "postgres://user@host:port/db with --query",
    )
    .option("--truth <dir>", "a truth directory (repeat for the shards of one run)", collect, [])
    .option(
      "--kafka",
      "audit the topics themselves against the truth's manifest: records, events, duplicates, malformed, ids",
    )
    .option("--query <sql>", "with a PostgreSQL URL: the SELECT returning the columns")
    .option(
      "--ontime",
      "compare with windows_ontime.csv (produce --truth-lateness): a pipeline dropping late data",
    )
    .option(
      "--tolerance <column=x>",
      "allowed difference for a column, e.g. viewer_avg=0.05 (repeatable)",
      collect,
      [],
    )
    .option("--from <time>", "only windows starting at or after this time")
    .option("--to <time>", "only windows starting before this time (e.g. skip an open one)")
    .addOption(
      new Option("--format <format>", "report as a table or one JSON document")
        .choices(["table", "json"]).default("table"),
    )
    .addHelpText(
      "after",
      `
Columns: window_start, channel (required), chat_messages, unique_chatters,
  chat_bits, viewer_samples, viewer_avg, viewer_max, transactions, revenue_usd
  (those present are compared). window_start as 2025-10-16T10:30:00Z or
  PostgreSQL's 2025-10-16 10:30:00 (UTC when no zone is given).

Examples:
  telemetra-mock produce --start 2025-10-16T00:00:00Z --until \\
    2025-10-16T02:00:00Z --truth truth/
  telemetra-mock verify --truth truth/ results.csv
  telemetra-mock verify --truth truth/ postgres://app@localhost:5432/metrics \\
    --query "SELECT * FROM channel_minutes"
  telemetra-mock verify --truth truth/ --kafka -b localhost:9092

Exit codes: 0 all windows match, 1 a mismatch (missing, extra or differing
  rows), 2 usage, input or connection error.`,
    )
    .action(async (actual: string | undefined, flags: VerifyFlags & Record<string, unknown>) => {
      const kafka = () =>
        toKafkaSettings(
          resolveKafkaOptions(readSources(flags, io)),
          (path) => Deno.readTextFileSync(path),
        );
      using _logging = setupLogging(
        logLevelOf(readSources(flags, io), "warning"),
        (line) => io.stderr(line),
      );
      io.setExitCode(await runVerify(io, actual, flags, kafka));
    });
  addSettingOptions(cmd, KAFKA_SETTINGS);
  addSettingOptions(cmd, RUN_SETTINGS);
  return cmd;
}
