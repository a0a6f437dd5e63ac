import assert from "node:assert/strict";
import { healthCommand } from "../../src/cli/health.ts";
import { healthServing, resolveHealthProbe } from "../../src/config/health.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { createHealthState, serveHealth } from "../../src/health.ts";

function recordingIo(env: Record<string, string> = {}, stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readStdin: () => Promise.resolve(new TextEncoder().encode(stdin)),
    setExitCode: (code) => void (exitCode = code),
    cwd: "/",
    env,
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    shutdown: new AbortController().signal,
  };
  return { io, out, err, exitCode: () => exitCode };
}

async function runHealth(args: string[], env: Record<string, string> = {}, stdin = "") {
  const rec = recordingIo(env, stdin);
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

/** A port nothing listens on: probing it fails. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

/** A command line as /proc/PID/cmdline holds it. */
const cmdline = (...argv: string[]) => argv.map((arg) => `${arg}\0`).join("");

Deno.test("healthServing() tells produce, which serves /healthz, from the commands that do not", () => {
  const bin = "/usr/local/bin/telemetra-mock";
  assert.deepEqual(healthServing(cmdline(bin, "produce")), { serves: true });
  assert.deepEqual(healthServing(cmdline(bin, "consume", "telemetra.events.chat", "10")), {
    serves: false,
    command: "telemetra-mock consume",
  });
  assert.deepEqual(healthServing(cmdline(bin, "validate", "chat_message", "-")), {
    serves: false,
    command: "telemetra-mock validate",
  });
  assert.deepEqual(healthServing(cmdline(bin, "--version")), {
    serves: false,
    command: "telemetra-mock --version",
  });
  assert.deepEqual(healthServing(cmdline(bin)), { serves: false, command: "telemetra-mock" });
  // Under an init (docker run --init), the binary is an argument.
  assert.deepEqual(healthServing(cmdline("/sbin/docker-init", "--", bin, "consume")), {
    serves: false,
    command: "telemetra-mock consume",
  });
  // Somebody else's process: probe as always.
  assert.deepEqual(healthServing(cmdline("/usr/bin/java", "-jar", "x.jar")), { serves: true });
  assert.deepEqual(healthServing(""), { serves: true });
});

Deno.test("healthServing() finds the port a produce run serves on in its --metrics-port", () => {
  const bin = "telemetra-mock";
  assert.deepEqual(healthServing(cmdline(bin, "produce", "--metrics-port", "9100")), {
    serves: true,
    port: 9100,
  });
  assert.deepEqual(healthServing(cmdline(bin, "produce", "-r", "5", "--metrics-port=9200")), {
    serves: true,
    port: 9200,
  });
  assert.deepEqual(healthServing(cmdline(bin, "produce", "--metrics-port", "99999")), {
    serves: true,
  });
});

Deno.test("health --stdin-cmdline reports healthy without probing when the process runs consume", async () => {
  const run = await runHealth(
    ["--stdin-cmdline"],
    { METRICS_PORT: String(closedPort()) },
    cmdline("/usr/local/bin/telemetra-mock", "consume", "telemetra.events.chat", "10"),
  );
  assert.equal(run.exitCode(), 0);
  assert.equal(
    run.out.join(""),
    '{"status":"ok","reason":"telemetra-mock consume serves no /healthz"}\n',
  );
  assert.deepEqual(run.err, []);
});

Deno.test("health --stdin-cmdline probes a produce run, on the port its --metrics-port names", async () => {
  await using server = serveHealth({ state: createHealthState(), port: 0, hostname: "127.0.0.1" });
  const produce = cmdline("telemetra-mock", "produce", "--metrics-port", String(server.port));
  const run = await runHealth(["--stdin-cmdline"], { METRICS_PORT: String(closedPort()) }, produce);
  assert.equal(run.exitCode(), 1);
  assert.match(run.err.join(""), new RegExp(`^unhealthy: HTTP 503 from ${server.url}: `));
  // The default command of the image names no port: METRICS_PORT says where.
  const healthy = createHealthState();
  healthy.markDelivered(Date.now());
  await using served = serveHealth({ state: healthy, port: 0, hostname: "127.0.0.1" });
  const byEnv = await runHealth(
    ["--stdin-cmdline"],
    { METRICS_PORT: String(served.port) },
    cmdline("/usr/local/bin/telemetra-mock", "produce"),
  );
  assert.equal(byEnv.exitCode(), 0);
  assert.match(byEnv.out.join(""), /^\{"status":"ok","reason":"ok"/);
});
