/**
 * The three settings layers of a subcommand run, the log level they choose, and the commander
 * options a settings table declares.
 */
import type { LogLevel } from "@logtape/logtape";
import { type Command, Option } from "commander";
import {
  defineSettings,
  helpText,
  resolveSetting,
  rowsOf,
  type SettingsTable,
} from "../config/settings.ts";
import type { Sources } from "../config/sources.ts";
import { readDotenv } from "./dotenv.ts";
import type { CliIo } from "./io.ts";
import { parseLogLevel } from "./logging.ts";

/** The settings of a run itself, read at the edge before the command's own. */
export const RUN_SETTINGS = defineSettings({
  envFile: {
    flag: "--env-file <path>",
    parse: (raw: string) => raw,
    fallback: undefined as string | undefined,
    note: "./.env if present",
    help: "read variables from this file instead of ./.env",
  },
  logLevel: {
    flag: "--log-level <level>",
    env: "LOG_LEVEL",
    parse: parseLogLevel,
    fallback: "info" as LogLevel,
    literal: "INFO",
    help: "DEBUG, INFO, WARNING or ERROR",
  },
});

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Declares every flag of `table` on `cmd`, with its help text, in the table's order. */
export function addSettingOptions(cmd: Command, table: SettingsTable): Command {
  for (const spec of rowsOf(table)) {
    if (spec.flag === undefined) continue;
    const option = new Option(spec.flag, helpText(spec));
    if (spec.repeatable) option.argParser(collect);
    cmd.addOption(option);
  }
  return cmd;
}

/** Flags, the environment and the .env file (`--env-file` or ./.env). */
export function readSources(flags: Record<string, unknown>, io: CliIo): Sources {
  return {
    flags,
    env: io.env,
    dotenv: readDotenv(flags["envFile"] as string | undefined, io.cwd),
  };
}

/** `--log-level` > LOG_LEVEL > `fallback`. */
export function logLevelOf(sources: Sources, fallback: LogLevel): LogLevel {
  return resolveSetting({ ...RUN_SETTINGS.logLevel, fallback }, sources);
}
