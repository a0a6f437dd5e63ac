/**
 * telemetra-mock: realistic Twitch-like live-stream traffic for Kafka.
 * The one place that exits.
 */
import { ExitCode } from "./src/errors.ts";
import { runCli } from "./src/cli/program.ts";
import { processIo } from "./src/cli/process_io.ts";

/** A command that does not heed the second signal is ended this long after it. */
const FORCED_EXIT_GRACE_MS = 2000;

if (import.meta.main) {
  const { io, dispose } = processIo();
  io.forced?.addEventListener("abort", () => {
    Deno.unrefTimer(setTimeout(() => Deno.exit(ExitCode.Interrupted), FORCED_EXIT_GRACE_MS));
  });
  const code = await runCli(Deno.args, io);
  dispose();
  // Exit as soon as the command is done: a Kafka client still retrying in the background (after
  // a bounded shutdown gave up on it) must not keep the process alive.
  Deno.exit(code);
}
