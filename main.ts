/**
 * telemetra-mock: realistic Twitch-like live-stream traffic for Kafka.
 * The one place that sets the exit code.
 */
import { runCli } from "./src/cli/program.ts";

if (import.meta.main) {
  Deno.exitCode = await runCli(Deno.args);
}
