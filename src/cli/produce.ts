/** `telemetra-mock produce`: flags, help and examples; the work is in src/produce/session.ts. */
import { Command } from "commander";
import { KAFKA_SETTINGS } from "../config/kafka.ts";
import { PRODUCE_SETTINGS, resolveProduceConfig } from "../config/produce.ts";
import { produceSession } from "../produce/session.ts";
import { StatusLine } from "../produce/status_line.ts";
import { addSettingOptions, logLevelOf, readSources, RUN_SETTINGS } from "./sources.ts";
import type { CliIo } from "./io.ts";
import { setupLogging } from "./logging.ts";

export function produceCommand(io: CliIo): Command {
  const cmd = new Command("produce")
    .summary("events into Kafka, or NDJSON on stdout")
    .description(
      "Generate Twitch-like events for one or many channels at a target rate and publish them to " +
        "the four telemetra.events.* topics (key = channel), or print them as NDJSON with --stdout.",
    );
  addSettingOptions(cmd, PRODUCE_SETTINGS);
  addSettingOptions(cmd, RUN_SETTINGS);
  addSettingOptions(cmd, KAFKA_SETTINGS);
  cmd.addHelpText(
    "after",
    `
Settings come from flags, then environment variables, then ./.env (or
--env-file), then defaults.

Examples:
  telemetra-mock produce -b localhost:9092 --rate 100 --channels gaming,esports
  telemetra-mock produce -b localhost:9092 --rate 0 --count 1000000 --seed 7
  telemetra-mock produce -b localhost:9092 --rate 50 \\
    --start 2025-10-16T00:00:00Z --until 2025-10-17T00:00:00Z
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
    io.setExitCode(
      await produceSession(config, io, status, {
        logLevel: level,
        workerFault: workerFault(io.env["TELEMETRA_TEST_WORKER_FAULT"]),
        hostname: io.env["HOSTNAME"],
      }),
    );
  });
  return cmd;
}

/** `i:n` (worker i, 1-based, dies after n batches): a test's way to make a worker fail. */
function workerFault(raw: string | undefined): { worker: number; steps: number } | undefined {
  const match = raw === undefined ? null : /^(\d+):(\d+)$/.exec(raw);
  return match ? { worker: Number(match[1]) - 1, steps: Number(match[2]) } : undefined;
}
