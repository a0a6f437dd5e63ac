/** startBroker()'s lifecycle on brokers of their own: stop, restart, busy ports, orphans. */
import assert from "node:assert/strict";
import { KafkaError } from "../../../src/errors.ts";
import { startBroker } from "../../../tools/kafka/broker.ts";
import { isAlive, javaProcessesMentioning, waitForExit } from "../../../tools/kafka/processes.ts";
import { freshTopic, kafkaTool, privateBroker } from "../../support/broker.ts";

Deno.test("stop() ends the broker's JVM and leaves no java process of that broker", async () => {
  await using broker = await privateBroker();
  const pid = broker.pid;
  assert.deepEqual(javaProcessesMentioning(broker.dataDir), [pid]);

  await broker.stop();

  assert.equal(isAlive(pid), false);
  assert.equal(broker.running, false);
  assert.deepEqual(javaProcessesMentioning(broker.dataDir), []);
  assert.match(broker.logTail(200), /Kafka Server started/);
});

Deno.test("stop('SIGKILL') kills the broker at once and leaves no java process", async () => {
  await using broker = await privateBroker();
  await broker.stop("SIGKILL");
  assert.deepEqual(javaProcessesMentioning(broker.dataDir), []);
});

Deno.test("restart() brings the broker back on the same port with its topics", async () => {
  await using broker = await privateBroker();
  const topic = freshTopic("survives-restart");
  const created = await kafkaTool([
    "topics",
    "--bootstrap-server",
    broker.bootstrap,
    "--create",
    "--topic",
    topic,
    "--partitions",
    "2",
  ]);
  assert.equal(created.code, 0, created.stderr);
  const before = { pid: broker.pid, bootstrap: broker.bootstrap };

  await broker.restart();

  assert.notEqual(broker.pid, before.pid);
  assert.equal(isAlive(before.pid), false);
  assert.equal(broker.bootstrap, before.bootstrap);
  const listed = await kafkaTool(["topics", "--bootstrap-server", broker.bootstrap, "--list"]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.stdout.split("\n").filter((t) => t === topic), [topic]);
});

Deno.test("startBroker() on a busy port throws 'port N is already in use' before touching disk", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const dataDir = `${await Deno.makeTempDir()}/never-created`;

  const error = await startBroker({ port, dataDir }).then(() => undefined, (e) => e);

  assert.ok(error instanceof KafkaError);
  assert.equal(error.message, `port ${port} is already in use`);
  await assert.rejects(Deno.stat(dataDir), Deno.errors.NotFound);
  await Deno.remove(dataDir.replace(/\/never-created$/, ""), { recursive: true });
});

Deno.test("startBroker() with a busy controller port throws the same clear error", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  await assert.rejects(
    startBroker({ controllerPort: port }),
    (e: unknown) => e instanceof KafkaError && e.message === `port ${port} is already in use`,
  );
});

Deno.test("startBroker() throws with the log's last lines when the JVM exits while starting", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const error = await startBroker({ dataDir, jvmFlags: ["-Xmx4m"] }).then(
      () => undefined,
      (e) => e,
    );

    assert.ok(error instanceof KafkaError);
    const [first, ...tail] = error.message.split("\n");
    assert.equal(
      first,
      `the Kafka broker exited while starting; last lines of ${dataDir}/broker.log:`,
    );
    assert.match(tail.join("\n"), /heap size/);
    assert.deepEqual(javaProcessesMentioning(dataDir), []);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("startBroker() gives up at the readiness deadline, kills the JVM and shows the log", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const error = await startBroker({
      dataDir,
      readyTimeoutMs: 5000,
      // 192.0.2.1 (TEST-NET-1) is no address of this machine: clients can never connect.
      extraProperties: { listeners: "PLAINTEXT://192.0.2.1:9,CONTROLLER://127.0.0.1:0" },
    }).then(() => undefined, (e) => e);

    assert.ok(error instanceof KafkaError);
    const [first, ...tail] = error.message.split("\n");
    assert.equal(
      first,
      `the Kafka broker was not ready within 5 s; last lines of ${dataDir}/broker.log:`,
    );
    const log = (await Deno.readTextFile(`${dataDir}/broker.log`)).trimEnd().split("\n");
    assert.deepEqual(tail, log.slice(-30));
    assert.deepEqual(javaProcessesMentioning(dataDir), []);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("startBroker() throws the storage tool's complaint when formatting fails", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const error = await startBroker({
      dataDir,
      // A log dir that is a regular file cannot be formatted.
      extraProperties: { "log.dirs": `${dataDir}/server.properties` },
    }).then(() => undefined, (e) => e);

    assert.ok(error instanceof KafkaError);
    const lines = error.message.split("\n");
    assert.equal(lines[0], "formatting the Kafka storage failed (exit 1):");
    assert.ok(lines.includes("No available log directories to format."), error.message);
    assert.deepEqual(javaProcessesMentioning(dataDir), []);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("a broker whose owning process dies without stopping it is stopped for it", async () => {
  const script = `
    import { startBroker } from "${new URL("../../../tools/kafka/broker.ts", import.meta.url)}";
    const broker = await startBroker();
    console.log(JSON.stringify({ pid: broker.pid, dataDir: broker.dataDir }));
    setInterval(() => {}, 1000);
  `;
  const owner = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = owner.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const { pid, dataDir } = JSON.parse(text);
  assert.equal(isAlive(pid), true);

  owner.kill("SIGKILL");
  await owner.status;
  await reader.cancel();

  assert.equal(await waitForExit(pid, 30_000), true, `broker JVM ${pid} outlived its owner`);
  assert.deepEqual(javaProcessesMentioning(dataDir), []);
  // Its temp data dir goes with it.
  const deadline = Date.now() + 10_000;
  while (await Deno.stat(dataDir).then(() => true, () => false) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await assert.rejects(Deno.stat(dataDir), Deno.errors.NotFound);
});
