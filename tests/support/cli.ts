/** Runs the CLI as a user would: a child process with its own env, stdin and cwd. */
const ROOT = new URL("../../", import.meta.url).pathname;
export const MAIN_TS = `${ROOT}main.ts`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Environment on top of a minimal one (PATH, HOME, DENO_DIR and TLS settings are kept). */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  readonly stdin?: string | Uint8Array;
  /** Send this signal after the process printed `afterOutput` on stderr (or after the delay). */
  readonly signal?: {
    readonly name: Deno.Signal;
    readonly afterStderr?: RegExp;
    readonly afterMs?: number;
  };
  readonly timeoutMs?: number;
  /** V8 flags for the child, e.g. V8_FLAGS (tools/compile/v8_flags.ts) to run as the binary does. */
  readonly v8Flags?: readonly string[];
}

const KEEP = ["PATH", "HOME", "DENO_DIR", "DENO_TLS_CA_STORE", "TMPDIR", "LANG"];

/** `deno run -A [--v8-flags=…] main.ts ...args` with a clean environment. */
export async function runCli(
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
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
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(
      typeof options.stdin === "string" ? new TextEncoder().encode(options.stdin) : options.stdin,
    );
    await writer.close();
  }
  const decoder = new TextDecoder();
  let stderr = "";
  let signalled = false;
  const stderrDone = (async () => {
    for await (const chunk of child.stderr) {
      stderr += decoder.decode(chunk, { stream: true });
      const when = options.signal;
      if (when?.afterStderr && !signalled && when.afterStderr.test(stderr)) {
        signalled = true;
        child.kill(when.name);
      }
    }
  })();
  let stdout = "";
  const stdoutDone = (async () => {
    for await (const chunk of child.stdout) stdout += decoder.decode(chunk, { stream: true });
  })();
  const timers: number[] = [];
  if (options.signal?.afterMs !== undefined) {
    timers.push(setTimeout(() => {
      if (!signalled) {
        signalled = true;
        child.kill(options.signal!.name);
      }
    }, options.signal.afterMs));
  }
  const timeoutMs = options.timeoutMs ?? 120_000;
  timers.push(setTimeout(() => child.kill("SIGKILL"), timeoutMs));
  const status = await child.status;
  await Promise.all([stderrDone, stdoutDone]);
  for (const t of timers) clearTimeout(t);
  return { code: status.code, stdout, stderr };
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
