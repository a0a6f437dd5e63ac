/**
 * Walks the bad-input table (tests/bad_input/table.ts): every malformed flag, environment
 * variable, .env value and payload of every subcommand, and the failures users meet. Each row
 * must end with its documented exit code and, when it fails, exactly one `error:` line and no
 * stack trace. Rows run in-process through the CLI's io seam (one process, fast); rows marked
 * `shell` run the real program through `sh -c`.
 */
import assert from "node:assert/strict";
import type { CliIo } from "./../src/cli/io.ts";
import { runCli } from "./../src/cli/program.ts";
import { freshTopic, testBroker } from "./support/broker.ts";
import { type CliResult, MAIN_TS } from "./support/cli.ts";
import { assertOneLineError } from "./support/error_output.ts";
import { writeGarbageTopic, writePayloadFiles } from "./bad_input/payloads.ts";
import { type Row, ROWS } from "./bad_input/table.ts";

interface Context {
  readonly dir: string;
  readonly broker: string;
  readonly closedPort: number;
  readonly garbageTopic: string;
}

function fill(text: string, context: Context): string {
  return text
    .replaceAll("{cwd}", context.dir)
    .replaceAll("{broker}", context.broker)
    .replaceAll("{closed}", String(context.closedPort))
    .replaceAll("{garbage}", context.garbageTopic)
    .replaceAll("{main}", `${Deno.execPath()} run -A --quiet ${MAIN_TS}`);
}

/** Runs the row in this process, through the same runCli main.ts calls. */
async function inProcess(row: Row, context: Context, cwd: string): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const stdin = row.stdin === undefined
    ? new Uint8Array()
    : row.stdin.startsWith("@")
    ? await Deno.readFile(`${context.dir}/${row.stdin.slice(1)}`)
    : new TextEncoder().encode(row.stdin);
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: () => Promise.resolve(stdin),
    setExitCode: () => {},
    cwd,
    env: row.env ?? {},
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    shutdown: new AbortController().signal,
  };
  const code = await runCli(row.args.map((a) => fill(a, context)), io);
  return { code, stdout, stderr };
}

/** Runs the row's shell command line with `telemetra-mock` standing for the real program. */
async function inShell(row: Row, context: Context, cwd: string): Promise<CliResult> {
  const line = fill(row.shell!, context).replace(
    /^(produce|consume|validate|health)\b/,
    "{main} $1",
  );
  const { code, stdout, stderr } = await new Deno.Command("sh", {
    args: ["-c", fill(line, context)],
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test({
  name: "every malformed flag, env variable and payload ends in one error line with its exit code",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await testBroker();
    const dir = await Deno.makeTempDir({ prefix: "bad-input-" });
    await writePayloadFiles(dir);
    const garbageTopic = freshTopic("garbage");
    await writeGarbageTopic(broker.bootstrap, garbageTopic, dir);
    const context: Context = {
      dir,
      broker: broker.bootstrap,
      closedPort: closedPort(),
      garbageTopic,
    };
    const failures: string[] = [];
    try {
      for (const [i, row] of ROWS.entries()) {
        const cwd = `${dir}/row-${i}`;
        await Deno.mkdir(cwd);
        if (row.dotenv !== undefined) await Deno.writeTextFile(`${cwd}/.env`, row.dotenv);
        const result = row.shell !== undefined
          ? await inShell(row, context, cwd)
          : await inProcess(row, context, cwd);
        try {
          if (row.error !== undefined) {
            assertOneLineError(result, row.code, row.error, row.what, {
              onlyLogLines: row.freeStderr !== true,
            });
          } else {
            assert.equal(result.code, row.code, `exit code\n${result.stderr.slice(-2000)}`);
            assert.doesNotMatch(result.stderr, /^\s+at |Uncaught/m, "a stack trace");
          }
          if (row.stdout !== undefined) assert.match(result.stdout.slice(0, 100_000), row.stdout);
        } catch (error) {
          failures.push(
            `- ${row.what} [${row.args.join(" ") || row.shell}]: ${
              (error as Error).message.split("\n").slice(0, 6).join("\n    ")
            }`,
          );
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
    assert.equal(
      failures.length,
      0,
      `${failures.length} of ${ROWS.length} rows failed:\n${failures.join("\n")}`,
    );
  },
});
