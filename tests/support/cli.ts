/**
 * The one way tests run the CLI as a user would: a child process (`deno run -A main.ts ...`)
 * with its own env, stdin and cwd. `runCli` runs it to the end; `spawnCli` hands back the live
 * process so a test can wait for a line and act (stop the broker, send SIGTERM) at that moment.
 */
const ROOT = new URL("../../", import.meta.url).pathname;
export const MAIN_TS = `${ROOT}main.ts`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  /** Environment on top of a minimal one (PATH, HOME, DENO_DIR and TLS settings are kept). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly stdin?: string | Uint8Array;
  /** V8 flags for the child, e.g. V8_FLAGS (tools/compile/v8_flags.ts) to run as the binary does. */
  readonly v8Flags?: readonly string[];
}

export interface CliOptions extends SpawnOptions {
  /** Send this signal once stderr matches, stdout has this many lines, or after the delay. */
  readonly signal?: {
    readonly name: Deno.Signal;
    readonly afterStderr?: RegExp;
    readonly afterStdoutLines?: number;
    readonly afterMs?: number;
  };
  /** SIGKILL after this long; 120 s by default. */
  readonly timeoutMs?: number;
}

export interface CliProcess {
  readonly pid: number;
  /** Everything printed on stdout so far. */
  readonly stdout: string;
  /** Everything printed on stderr so far. */
  readonly stderr: string;
  /** Resolves with the first stderr text matching `pattern`; rejects after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves once `seen(stdout, stderr)` holds; rejects if the process exits first. */
  waitForOutput(
    seen: (stdout: string, stderr: string) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<void>;
  /** Sends `signal` unless the process has exited. */
  kill(signal: Deno.Signal): void;
  /** The exit code once the process ended, with all its output read (SIGKILL after `timeoutMs`). */
  finished(timeoutMs: number): Promise<CliResult>;
}

const KEEP = ["PATH", "HOME", "DENO_DIR", "DENO_TLS_CA_STORE", "TMPDIR", "LANG"];

/** Starts `deno run -A [--v8-flags=…] main.ts ...args` with a clean environment. */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): CliProcess {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of KEEP) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, options.env ?? {});
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      ...(options.v8Flags === undefined ? [] : [`--v8-flags=${options.v8Flags.join(",")}`]),
      MAIN_TS,
      ...args,
    ],
    cwd: options.cwd ?? ROOT,
    env,
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdinDone = options.stdin === undefined ? Promise.resolve() : (async () => {
    const writer = child.stdin.getWriter();
    try {
      const bytes = options.stdin!;
      await writer.write(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes);
      await writer.close();
    } catch {
      // The process exited without reading all of it; its exit code and output tell why.
    }
  })();

  let stdout = "";
  let stderr = "";
  let exited = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const collect = async (stream: ReadableStream<Uint8Array>, append: (text: string) => void) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      append(decoder.decode(chunk, { stream: true }));
      notify();
    }
  };
  const outputDone = Promise.all([
    collect(child.stdout, (text) => stdout += text),
    collect(child.stderr, (text) => stderr += text),
  ]);
  const status = child.status.then((s) => {
    exited = true;
    notify();
    return s;
  });

  const waitForOutput: CliProcess["waitForOutput"] = (seen, timeoutMs, what) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (seen(stdout, stderr)) {
          done();
          resolve();
        } else if (exited) {
          done();
          reject(new Error(`the process exited before ${what}; stderr:\n${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms; stderr:\n${stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  return {
    pid: child.pid,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitForOutput,
    async waitForStderr(pattern, timeoutMs) {
      await waitForOutput((_, err) => pattern.test(err), timeoutMs, `${pattern} on stderr`);
      return pattern.exec(stderr)![0];
    },
    kill(signal) {
      if (!exited) child.kill(signal);
    },
    async finished(timeoutMs) {
      const timer = setTimeout(() => {
        if (!exited) child.kill("SIGKILL");
      }, timeoutMs);
      try {
        const { code } = await status;
        await Promise.all([outputDone, stdinDone]);
        return { code, stdout, stderr };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs `deno run -A [--v8-flags=…] main.ts ...args` to the end with a clean environment. */
export async function runCli(
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
  const child = spawnCli(args, options);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const when = options.signal;
  if (when !== undefined) {
    let signalled = false;
    const send = () => {
      if (signalled) return;
      signalled = true;
      child.kill(when.name);
    };
    const ignoreExit = () => {};
    if (when.afterStderr !== undefined) {
      const pattern = when.afterStderr;
      child.waitForOutput((_, err) => pattern.test(err), timeoutMs, `${pattern} on stderr`)
        .then(send, ignoreExit);
    }
    if (when.afterStdoutLines !== undefined) {
      const lines = when.afterStdoutLines;
      child.waitForOutput(
        (out) => out.split("\n").length - 1 >= lines,
        timeoutMs,
        `${lines} lines on stdout`,
      ).then(send, ignoreExit);
    }
    if (when.afterMs !== undefined) {
      const timer = setTimeout(send, when.afterMs);
      const result = await child.finished(timeoutMs);
      clearTimeout(timer);
      return result;
    }
  }
  return await child.finished(timeoutMs);
}

/** Parses NDJSON output, failing loudly on a bad line. */
export function ndjson(text: string): unknown[] {
  return text.split("\n").filter((l) => l !== "").map((line, i) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
    }
  });
}
