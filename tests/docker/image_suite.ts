/**
 * The container image, tested for real with podman: run by `deno task test:docker`
 * (tools/test_docker.sh), which builds the repository's Dockerfile and passes the image name in
 * TELEMETRA_IMAGE. Not part of the main suite (it needs that image), hence no `_test` suffix.
 */
import assert from "node:assert/strict";
import { freshTopic, privateBroker, testBroker } from "../support/broker.ts";
import { createTopic } from "../consume/kafka_helpers.ts";
import { kcatCounts } from "../support/kcat.ts";

const IMAGE = Deno.env.get("TELEMETRA_IMAGE");
if (!IMAGE) {
  throw new Error("TELEMETRA_IMAGE is not set: run this suite with deno task test:docker");
}
const SUDO = Deno.env.get("PODMAN_SUDO") === "sudo";
const TOPIC_SUFFIXES = ["chat", "viewer", "transactions", "stream_meta"];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function podman(args: readonly string[]): Promise<Run> {
  const command = SUDO
    ? new Deno.Command("sudo", { args: ["--preserve-env", "podman", ...args] })
    : new Deno.Command("podman", { args: [...args] });
  const { code, stdout, stderr } = await command.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** `podman healthcheck run` once: "healthy" (exit 0), "unhealthy" (exit 1) or what went wrong. */
async function healthcheck(name: string): Promise<string> {
  const { code, stdout, stderr } = await podman(["healthcheck", "run", name]);
  if (code === 0) return "healthy";
  if (code === 1 && stdout.trim() === "unhealthy") return "unhealthy";
  return `exit ${code}: ${stdout}${stderr}`.trim();
}

/** Polls `probe` until it returns `want` or the deadline passes; returns the last value. */
async function pollUntil<T>(probe: () => Promise<T>, want: T, deadlineMs: number): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last = await probe();
  while (last !== want && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    last = await probe();
  }
  return last;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

Deno.test("the image runs the binary as a non-root user, produce by default, with a HEALTHCHECK", async () => {
  const inspect = await podman(["image", "inspect", IMAGE, "--format", "{{json .Config}}"]);
  assert.equal(inspect.code, 0, inspect.stderr);
  const config = JSON.parse(inspect.stdout);
  assert.equal(config.User, "10001:10001");
  assert.deepEqual(config.Entrypoint, ["/usr/local/bin/telemetra-mock"]);
  assert.deepEqual(config.Cmd, ["produce"]);
  assert.ok(config.Env.includes("METRICS_PORT=9464"), config.Env.join(" "));
  const health = await podman(["image", "inspect", IMAGE, "--format", "{{json .HealthCheck}}"]);
  assert.deepEqual(JSON.parse(health.stdout).Test, [
    "CMD-SHELL",
    "exec /usr/local/bin/telemetra-mock health --timeout 4s --stdin-cmdline </proc/1/cmdline",
  ]);

  const id = await podman(["run", "--rm", "--entrypoint", "id", IMAGE]);
  assert.equal(id.stdout, "uid=10001(telemetra) gid=10001(telemetra) groups=10001(telemetra)\n");
  const version = await podman(["run", "--rm", IMAGE, "--version"]);
  assert.deepEqual([version.code, version.stdout], [0, "telemetra-mock 0.1.0\n"]);
});

Deno.test("podman run --network host IMAGE produce --count 100 lands 100 events", async () => {
  const broker = await testBroker();
  const prefix = `${freshTopic("docker")}.`;
  const run = await podman([
    "run",
    "--rm",
    "--network",
    "host",
    "--read-only",
    "--cap-drop",
    "ALL",
    "-e",
    `KAFKA_BOOTSTRAP_SERVERS=${broker.bootstrap}`,
    IMAGE,
    "produce",
    "--topic-prefix",
    prefix,
    "--count",
    "100",
    "--rate",
    "0",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /delivered 100, failed 0/);
  const counts = await kcatCounts(broker.bootstrap, TOPIC_SUFFIXES.map((kind) => prefix + kind));
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  assert.equal(total, 100);
});

Deno.test("the healthcheck is healthy while producing and unhealthy once the broker is gone", async () => {
  await using broker = await privateBroker();
  const name = `telemetra-health-${crypto.randomUUID().slice(0, 8)}`;
  const metricsPort = freePort();
  const started = await podman([
    "run",
    "--detach",
    "--name",
    name,
    "--network",
    "host",
    "--read-only",
    "-e",
    `KAFKA_BOOTSTRAP_SERVERS=${broker.bootstrap}`,
    "-e",
    `METRICS_PORT=${metricsPort}`,
    "-e",
    "RATE_PER_SEC=20",
    IMAGE,
  ]);
  assert.equal(started.code, 0, started.stderr);
  try {
    assert.equal(await pollUntil(() => healthcheck(name), "healthy", 60_000), "healthy");
    const status = await podman(["inspect", name, "--format", "{{.State.Health.Status}}"]);
    assert.equal(status.stdout.trim(), "healthy");
    // The producing process itself (pid 1) is not root.
    const proc = await podman(["exec", name, "grep", "^Uid:", "/proc/1/status"]);
    assert.equal(proc.stdout, "Uid:\t10001\t10001\t10001\t10001\n");

    await broker.stop("SIGKILL");
    assert.equal(await pollUntil(() => healthcheck(name), "unhealthy", 90_000), "unhealthy");
  } catch (error) {
    const logs = await podman(["logs", "--tail", "30", name]);
    throw new Error(`${(error as Error).message}\ncontainer log:\n${logs.stdout}${logs.stderr}`);
  } finally {
    await podman(["rm", "--force", "--time", "0", name]);
  }
});

Deno.test("the healthcheck is healthy for consume and validate, which serve no /healthz", async () => {
  const broker = await testBroker();
  const topic = freshTopic("docker-health");
  await createTopic(broker.bootstrap, topic, 1);
  // Both keep running: consume waits for new records, validate for the end of its stdin.
  const commands: Record<string, string[]> = {
    consume: ["consume", topic, "-b", broker.bootstrap],
    validate: ["validate", "chat_message", "-"],
  };
  for (const [label, command] of Object.entries(commands)) {
    const name = `telemetra-${label}-${crypto.randomUUID().slice(0, 8)}`;
    const started = await podman([
      "run",
      "--detach",
      "--interactive",
      "--name",
      name,
      "--network",
      "host",
      "--read-only",
      "--cap-drop",
      "ALL",
      IMAGE,
      ...command,
    ]);
    assert.equal(started.code, 0, started.stderr);
    try {
      assert.equal(await healthcheck(name), "healthy", label);
      const running = await podman(["inspect", name, "--format", "{{.State.Status}}"]);
      assert.equal(running.stdout.trim(), "running", label);
      const log = await podman([
        "inspect",
        name,
        "--format",
        "{{range .State.Health.Log}}{{.Output}}{{end}}",
      ]);
      assert.match(
        log.stdout,
        new RegExp(`"reason":"telemetra-mock ${label} serves no /healthz"`),
        label,
      );
    } finally {
      await podman(["rm", "--force", "--time", "0", name]);
    }
  }
});

Deno.test("the image produces at full speed for 30 s in a 256 MB container without being killed", async () => {
  const broker = await testBroker();
  const prefix = `${freshTopic("docker-memory")}.`;
  const name = `telemetra-memory-${crypto.randomUUID().slice(0, 8)}`;
  const limit = ["--memory", "256m", "--memory-swap", "256m"];
  // The limit is real: the container's cgroup says 256 MiB (cgroup v1 or v2).
  const cgroup = await podman([
    "run",
    "--rm",
    ...limit,
    "--entrypoint",
    "sh",
    IMAGE,
    "-c",
    "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
  ]);
  assert.equal(cgroup.stdout.trim(), String(256 * 1024 * 1024), cgroup.stderr);

  const run = await podman([
    "run",
    "--name",
    name,
    "--network",
    "host",
    "--read-only",
    ...limit,
    "-e",
    `KAFKA_BOOTSTRAP_SERVERS=${broker.bootstrap}`,
    "-e",
    "LOG_LEVEL=WARNING",
    IMAGE,
    "produce",
    "--topic-prefix",
    prefix,
    "--rate",
    "0",
    "--duration",
    "30s",
    "--channels",
    "a,b,c,d,e,f,g,h",
  ]);
  try {
    const state = await podman([
      "inspect",
      name,
      "--format",
      "{{.State.OOMKilled}} {{.State.ExitCode}}",
    ]);
    assert.equal(state.stdout.trim(), "false 0", `${state.stdout}${run.stderr.slice(-2000)}`);
    assert.equal(run.code, 0, run.stderr.slice(-2000));
    const summary = /Summary: generated (\d+), delivered (\d+), failed 0, undelivered 0/.exec(
      run.stderr,
    );
    assert.ok(summary, run.stderr.slice(-2000));
    assert.equal(summary[1], summary[2]);
    const counts = await kcatCounts(broker.bootstrap, TOPIC_SUFFIXES.map((kind) => prefix + kind));
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    assert.equal(total, Number(summary[2]));
    // deno-lint-ignore no-console
    console.log(`256 MB container, 30 s at full speed: ${summary[2]} events delivered`);
  } finally {
    await podman(["rm", "--force", "--time", "0", name]);
  }
});
