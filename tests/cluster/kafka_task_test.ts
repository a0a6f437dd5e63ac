/** `deno task kafka --brokers 3` as a developer runs it: the ready line, one SIGTERM stops all. */
import assert from "node:assert/strict";
import { repoRoot } from "../../tools/kafka/jars.ts";
import { freePorts, isPortInUse, javaProcessesMentioning } from "../../tools/kafka/processes.ts";
import { createTopic, describePartitions, freshTopic } from "../support/cluster.ts";

/** A port P with P, P+1 and P+2 all free a moment ago. */
function threeConsecutiveFreePorts(): number {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [port] = freePorts(1);
    if (port + 2 <= 65535 && !isPortInUse(port + 1) && !isPortInUse(port + 2)) return port;
  }
  throw new Error("found no three consecutive free ports");
}

Deno.test("deno task kafka --brokers 3 prints the three addresses once ready, and one SIGTERM stops every node", async () => {
  const port = threeConsecutiveFreePorts();
  const dataDir = await Deno.makeTempDir({ prefix: "telemetra-task-cluster-" });
  try {
    const task = new Deno.Command(Deno.execPath(), {
      args: ["task", "kafka", "--brokers", "3", "--port", String(port), "--data-dir", dataDir],
      cwd: repoRoot,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(task.stderr).text();
    const lines = task.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let stdout = "";
    while (!stdout.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) break;
      stdout += value;
    }
    assert.equal(
      stdout,
      `Kafka ready at 127.0.0.1:${port},127.0.0.1:${port + 1},127.0.0.1:${port + 2}\n`,
    );
    assert.equal(javaProcessesMentioning(dataDir).length, 3);
    const topic = freshTopic("task-cluster");
    await createTopic(stdout.trim().replace(/^Kafka ready at /, ""), topic);
    const [partition] = await describePartitions(`127.0.0.1:${port + 1}`, topic);
    assert.equal(partition.replicas.length, 3);

    task.kill("SIGTERM");
    const status = await task.status;
    const rest = await lines.read();
    lines.releaseLock();

    const err = await stderr;
    assert.equal(status.code, 0, err);
    assert.deepEqual(rest, { done: true, value: undefined });
    assert.match(err, /starting a 3-node Kafka cluster on 127\.0\.0\.1:\d+-\d+, data in /);
    assert.match(err, new RegExp(`node 3 log: ${dataDir}/node-3/broker\\.log\\n`));
    assert.match(err, /\nKafka stopped\n$/);
    assert.deepEqual(javaProcessesMentioning(dataDir), []);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("deno task kafka --brokers 3 with one of its ports busy fails at once with one line and exit 1", async () => {
  const port = threeConsecutiveFreePorts();
  using _listener = Deno.listen({ hostname: "127.0.0.1", port: port + 2 });

  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${repoRoot}/tools/kafka/main.ts`,
      "--brokers",
      "3",
      "--port",
      String(port),
      "--temp",
    ],
    stdin: "null",
  }).output();

  assert.equal(new TextDecoder().decode(stdout), "");
  assert.equal(
    new TextDecoder().decode(stderr),
    `error: port ${
      port + 2
    } is already in use; is a broker already running? Pick another port with --port N\n`,
  );
  assert.equal(code, 1);
});
