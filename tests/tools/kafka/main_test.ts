/** `deno task kafka` as a developer uses it: ready line, clean stop, busy port, bad flags. */
import assert from "node:assert/strict";
import { parseKafkaTaskArgs } from "../../../tools/kafka/main.ts";
import { repoRoot } from "../../../tools/kafka/jars.ts";
import { freePorts, javaProcessesMentioning } from "../../../tools/kafka/processes.ts";
import { UsageError } from "../../../src/errors.ts";

const MAIN = `${repoRoot}/tools/kafka/main.ts`;

function kafkaTask(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("deno task kafka --port N prints the ready line, and SIGTERM stops it leaving no java", async () => {
  const [port] = freePorts(1);
  const dataDir = await Deno.makeTempDir();
  try {
    const task = kafkaTask(["--port", String(port), "--data-dir", dataDir]).spawn();
    const stderr = new Response(task.stderr).text();
    const lines = task.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let stdout = "";
    while (!stdout.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) break;
      stdout += value;
    }
    assert.equal(stdout, `Kafka ready at 127.0.0.1:${port}\n`);
    assert.equal(javaProcessesMentioning(dataDir).length, 1);

    task.kill("SIGTERM");
    const status = await task.status;
    const rest = await lines.read();
    lines.releaseLock();

    assert.equal(status.code, 0, await stderr);
    assert.deepEqual(rest, { done: true, value: undefined });
    assert.match(await stderr, /\nKafka stopped\n$/);
    assert.deepEqual(javaProcessesMentioning(dataDir), []);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("deno task kafka on a busy port fails at once with one line and exit 1", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;

  const { code, stdout, stderr } = await kafkaTask(["--port", String(port), "--temp"]).output();

  assert.equal(new TextDecoder().decode(stdout), "");
  assert.equal(
    new TextDecoder().decode(stderr),
    `error: port ${port} is already in use; is a broker already running? Pick another port with --port N\n`,
  );
  assert.equal(code, 1);
});

Deno.test("deno task kafka rejects a bad --port with exit 2", async () => {
  const { code, stderr } = await kafkaTask(["--port", "90a"]).output();
  assert.equal(
    new TextDecoder().decode(stderr),
    `error: --port must be a whole number from 1 to 65535, got "90a"\n`,
  );
  assert.equal(code, 2);
});

Deno.test("parseKafkaTaskArgs() defaults to port 9092 and a data dir under .state/", () => {
  assert.deepEqual(parseKafkaTaskArgs([]), {
    port: 9092,
    dataDir: `${repoRoot}/.state/kafka-9092`,
  });
  assert.deepEqual(parseKafkaTaskArgs(["--port", "19092"]), {
    port: 19092,
    dataDir: `${repoRoot}/.state/kafka-19092`,
  });
  assert.deepEqual(parseKafkaTaskArgs(["--temp"]), { port: 9092, dataDir: undefined });
  assert.deepEqual(parseKafkaTaskArgs(["--data-dir", "/x"]), { port: 9092, dataDir: "/x" });
  assert.equal(parseKafkaTaskArgs(["-h"]), "help");
});

Deno.test("parseKafkaTaskArgs() refuses unknown flags, port 0 and --temp with --data-dir", () => {
  assert.throws(() => parseKafkaTaskArgs(["--prot", "1"]), UsageError);
  assert.throws(
    () => parseKafkaTaskArgs(["--port", "0"]),
    new UsageError(`--port must be a whole number from 1 to 65535, got "0"`),
  );
  assert.throws(
    () => parseKafkaTaskArgs(["--temp", "--data-dir", "/x"]),
    new UsageError("--temp and --data-dir exclude each other; give one"),
  );
});
