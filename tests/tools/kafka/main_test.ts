/**
 * `deno task kafka` as a developer uses it: ready line, clean stop, busy port, bad flags.
 * `--brokers N` clusters are started in tests/cluster/ (the slow suite); their flags are here.
 */
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
    brokers: 1,
    dataDir: `${repoRoot}/.state/kafka-9092`,
  });
  assert.deepEqual(parseKafkaTaskArgs(["--port", "19092"]), {
    port: 19092,
    brokers: 1,
    dataDir: `${repoRoot}/.state/kafka-19092`,
  });
  assert.deepEqual(parseKafkaTaskArgs(["--temp"]), { port: 9092, brokers: 1, dataDir: undefined });
  assert.deepEqual(parseKafkaTaskArgs(["--data-dir", "/x"]), {
    port: 9092,
    brokers: 1,
    dataDir: "/x",
  });
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

Deno.test("parseKafkaTaskArgs() takes --brokers N with its own default data dir", () => {
  assert.deepEqual(parseKafkaTaskArgs(["--brokers", "3"]), {
    port: 9092,
    brokers: 3,
    dataDir: `${repoRoot}/.state/kafka-9092-3-nodes`,
  });
  assert.deepEqual(parseKafkaTaskArgs(["--brokers", "1"]), {
    port: 9092,
    brokers: 1,
    dataDir: `${repoRoot}/.state/kafka-9092`,
  });
  assert.deepEqual(parseKafkaTaskArgs(["--brokers", "3", "--port", "19092", "--temp"]), {
    port: 19092,
    brokers: 3,
    dataDir: undefined,
  });
  assert.deepEqual(parseKafkaTaskArgs(["--brokers", "9", "--port", "65527"]), {
    port: 65527,
    brokers: 9,
    dataDir: `${repoRoot}/.state/kafka-65527-9-nodes`,
  });
});

Deno.test("parseKafkaTaskArgs() refuses --brokers that is not 1 to 9 or runs past port 65535", () => {
  for (const bad of ["0", "10", "-1", "2.5", "three", "", "0x3"]) {
    assert.throws(
      () => parseKafkaTaskArgs([`--brokers=${bad}`]),
      new UsageError(`--brokers must be a whole number from 1 to 9, got "${bad}"`),
    );
  }
  assert.throws(
    () => parseKafkaTaskArgs(["--brokers", "3", "--port", "65534"]),
    new UsageError(
      "--brokers 3 from --port 65534 needs ports up to 65536; pick a --port of at most 65533",
    ),
  );
  assert.throws(() => parseKafkaTaskArgs(["--brokers"]), UsageError);
});

Deno.test("deno task kafka rejects a bad --brokers with one line and exit 2", async () => {
  for (
    const [args, message] of [
      [["--brokers", "0"], `--brokers must be a whole number from 1 to 9, got "0"`],
      [["--brokers", "x3"], `--brokers must be a whole number from 1 to 9, got "x3"`],
    ] as const
  ) {
    const { code, stdout, stderr } = await kafkaTask([...args]).output();
    assert.equal(new TextDecoder().decode(stdout), "");
    assert.equal(new TextDecoder().decode(stderr), `error: ${message}\n`);
    assert.equal(code, 2);
  }
  const missing = await kafkaTask(["--brokers"]).output();
  const err = new TextDecoder().decode(missing.stderr);
  assert.match(err, /^error: .*--brokers.*; see --help\n$/);
  assert.equal(err.split("\n").length, 2);
  assert.equal(missing.code, 2);
});
