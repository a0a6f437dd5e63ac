/**
 * `telemetra-mock produce` as a child process the test can watch and signal: its stderr is
 * collected as it arrives, so the test can wait for a line and then act (stop the broker, send
 * SIGTERM) at a chosen moment.
 */
import { MAIN_TS } from "../support/cli.ts";

const KEEP = ["PATH", "HOME", "DENO_DIR", "DENO_TLS_CA_STORE", "TMPDIR", "LANG"];

export interface ProducerRun {
  readonly pid: number;
  /** Everything printed on stderr so far. */
  readonly stderr: string;
  /** Resolves with the first stderr text matching `pattern`; rejects after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs: number): Promise<string>;
  kill(signal: Deno.Signal): void;
  /** The exit code once the process ended, with all its output read (SIGKILL after `timeoutMs`). */
  finished(timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** Starts `deno run -A main.ts produce ...args` with a clean environment plus `env`. */
export function spawnProducer(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): ProducerRun {
  const fullEnv: Record<string, string> = { NO_COLOR: "1" };
  for (const name of KEEP) {
    const value = Deno.env.get(name);
    if (value !== undefined) fullEnv[name] = value;
  }
  Object.assign(fullEnv, env);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", MAIN_TS, "produce", ...args],
    env: fullEnv,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let stderr = "";
  let stdout = "";
  const listeners = new Set<() => void>();
  const stderrDone = (async () => {
    for await (const chunk of child.stderr) {
      stderr += decoder.decode(chunk, { stream: true });
      for (const listener of [...listeners]) listener();
    }
  })();
  const stdoutDone = (async () => {
    for await (const chunk of child.stdout) stdout += decoder.decode(chunk, { stream: true });
  })();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    for (const listener of [...listeners]) listener();
    return s;
  });

  return {
    pid: child.pid,
    get stderr() {
      return stderr;
    },
    waitForStderr(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stderr);
          if (match) {
            done();
            resolve(match[0]);
          } else if (exited) {
            done();
            reject(new Error(`producer exited before printing ${pattern}; stderr:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms; stderr:\n${stderr}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
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
        await Promise.all([stderrDone, stdoutDone]);
        return { code, stdout, stderr };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
