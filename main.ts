/**
 * telemetra-mock: realistic Twitch-like live-stream traffic for Kafka.
 * The one place that sets the exit code.
 */
import { runCli } from "./src/cli/program.ts";

if (import.meta.main) {
  // Exit as soon as the command is done: a Kafka client still retrying in the background (after
  // a bounded shutdown gave up on it) must not keep the process alive.
  Deno.exit(await runCli(Deno.args));
}
