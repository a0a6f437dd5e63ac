/** The real CliIo: Deno's streams, the known environment variables, and OS signals. */
import { ENV_VARS } from "../config/env_vars.ts";
import { ExitCode, FileError } from "../errors.ts";
import type { CliIo } from "./io.ts";

/** Thrown when the reader of stdout went away (`| head`): stop quietly. */
export class OutputClosed extends FileError {
  constructor() {
    super("", ExitCode.Ok);
    this.name = "OutputClosed";
  }
}

const encoder = new TextEncoder();
/** Reused between writes: produce --stdout writes a batch of lines at a time, as fast as it can. */
let scratch = new Uint8Array(1 << 16);

function writeAll(file: typeof Deno.stdout, text: string, what: string): void {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  let bytes = scratch.subarray(0, encoder.encodeInto(text, scratch).written);
  try {
    while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) throw new OutputClosed();
    const reason = error instanceof Error ? error.message : String(error);
    throw new FileError(`cannot write to ${what} (${reason})`);
  }
}

function readEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ENV_VARS) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Builds the process io; `dispose()` removes the signal handlers. */
export function processIo(): { io: CliIo; dispose(): void } {
  const controller = new AbortController();
  const forced = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) {
      controller.abort(new Error("interrupted"));
      return;
    }
    // A second signal: the user wants out now. Commands answer `forced` with a one-line
    // summary and exit 130 (main.ts ends whatever does not, shortly after).
    if (!forced.signal.aborted) forced.abort(new Error("interrupted twice"));
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  const io: CliIo = {
    stdout: (text) => writeAll(Deno.stdout, text, "standard output"),
    stderr: (text) => {
      try {
        writeAll(Deno.stderr, text, "standard error");
      } catch {
        // Nowhere left to report it.
      }
    },
    readStdin: () => Deno.stdin.readable,
    setExitCode: () => {},
    cwd: Deno.cwd(),
    env: readEnv(),
    stdoutIsTerminal: Deno.stdout.isTerminal(),
    stderrIsTerminal: Deno.stderr.isTerminal(),
    shutdown: controller.signal,
    forced: forced.signal,
  };
  return {
    io,
    dispose: () => {
      for (const s of signals) Deno.removeSignalListener(s, onSignal);
    },
  };
}
