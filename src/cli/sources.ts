/** The three settings layers of a subcommand run, and the log level they choose. */
import type { LogLevel } from "@logtape/logtape";
import { setting, type Sources } from "../config/sources.ts";
import { readDotenv } from "./dotenv.ts";
import type { CliIo } from "./io.ts";
import { parseLogLevel } from "./logging.ts";

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
  return setting(
    sources,
    { key: "logLevel", name: "--log-level" },
    "LOG_LEVEL",
    parseLogLevel,
    fallback,
  );
}
