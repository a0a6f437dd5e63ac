import assert from "node:assert/strict";
import { healthCommand } from "../../src/cli/health.ts";
import { resolveHealthProbe } from "../../src/config/health.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { createHealthState, serveHealth } from "../../src/health.ts";

function recordingIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readStdin: () => Promise.resolve(new Uint8Array()),
    setExitCode: (code) => void (exitCode = code),
    cwd: "/",
    env,
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    shutdown: new AbortController().signal,
  };
  return { io, out, err, exitCode: () => exitCode };
}

async function runHealth(args: string[], env: Record<string, string> = {}) {
  const rec = recordingIo(env);
  await healthCommand(rec.io).exitOverride().parseAsync(args, { from: "user" });
  return rec;
}

Deno.test("resolveHealthProbe() defaults to METRICS_PORT on 127.0.0.1, then 9464", () => {
  assert.deepEqual(resolveHealthProbe({ flags: {}, env: {}, dotenv: {} }), {
    url: "http://127.0.0.1:9464/healthz",
    timeoutMs: 3000,
  });
  assert.deepEqual(resolveHealthProbe({ flags: {}, env: { METRICS_PORT: "9100" }, dotenv: {} }), {
    url: "http://127.0.0.1:9100/healthz",
    timeoutMs: 3000,
  });
  assert.deepEqual(
    resolveHealthProbe({
      flags: { port: "9200", timeout: "500ms" },
      env: { METRICS_PORT: "9100" },
      dotenv: {},
    }),
    { url: "http://127.0.0.1:9200/healthz", timeoutMs: 500 },
  );
});

Deno.test("resolveHealthProbe() rejects a bad port, URL or timeout with one line", () => {
  assert.throws(
    () => resolveHealthProbe({ flags: {}, env: { METRICS_PORT: "http" }, dotenv: {} }),
    { name: "UsageError", message: 'METRICS_PORT must be an integer from 1 to 65535, got "http"' },
  );
  assert.throws(
    () => resolveHealthProbe({ flags: { url: "ftp://x/healthz" }, env: {}, dotenv: {} }),
    {
      name: "UsageError",
      message: '--url must be an http:// or https:// URL, got "ftp://x/healthz"',
    },
  );
  assert.throws(
    () => resolveHealthProbe({ flags: { timeout: "0s" }, env: {}, dotenv: {} }),
    { name: "UsageError", message: "--timeout must be longer than 0" },
  );
});

Deno.test("health exits 0 and prints the verdict when the producer is healthy", async () => {
  const state = createHealthState();
  state.markDelivered(Date.now());
  await using server = serveHealth({ state, port: 0, hostname: "127.0.0.1" });
  const run = await runHealth([], { METRICS_PORT: String(server.port) });
  assert.equal(run.exitCode(), 0);
  assert.match(run.out.join(""), /^\{"status":"ok","reason":"ok","connected":true,/);
  assert.deepEqual(run.err, []);
});

Deno.test("health exits 1 and says why when the producer is unhealthy", async () => {
  await using server = serveHealth({ state: createHealthState(), port: 0, hostname: "127.0.0.1" });
  const run = await runHealth(["--url", server.url]);
  assert.equal(run.exitCode(), 1);
  assert.deepEqual(run.out, []);
  assert.equal(
    run.err.join(""),
    `unhealthy: HTTP 503 from ${server.url}: ` +
      '{"status":"unhealthy","reason":"not connected to Kafka","connected":false,' +
      '"seconds_since_delivery":null}\n',
  );
});

Deno.test("health --quiet prints nothing", async () => {
  await using server = serveHealth({ state: createHealthState(), port: 0, hostname: "127.0.0.1" });
  const run = await runHealth(["--quiet", "--port", String(server.port)]);
  assert.equal(run.exitCode(), 1);
  assert.deepEqual([...run.out, ...run.err], []);
});

Deno.test("health throws a one-line exit-1 error when nothing listens", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  await assert.rejects(() => runHealth(["--port", String(port)]), {
    name: "CliError",
    exitCode: 1,
    message: `cannot reach http://127.0.0.1:${port}/healthz (connection refused)`,
  });
});
