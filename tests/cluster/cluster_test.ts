/**
 * startCluster() on real 3-node clusters: every node serves, topics get 3 replicas, leadership
 * moves when a node stops, nodes and the whole cluster come back, nothing is left behind.
 * Slow (each cluster ≈ 8 s to start, ≈ 6 s to stop): run by `deno task test:cluster`.
 */
import assert from "node:assert/strict";
import { KafkaError } from "../../src/errors.ts";
import { answersApiVersions } from "../../tools/kafka/api_versions_probe.ts";
import { knownBrokers } from "../../tools/kafka/metadata_probe.ts";
import {
  freePorts,
  isAlive,
  javaProcessesMentioning,
  waitForExit,
} from "../../tools/kafka/processes.ts";
import {
  type Cluster,
  createTopic,
  describePartitions,
  freshTopic,
  kafkaTool,
  kcat,
  partitionLeader,
  startCluster,
  waitForLeader,
} from "../support/cluster.ts";
import { kcatLines } from "../support/kcat.ts";

async function brokerIdsSeenBy(cluster: Cluster): Promise<number[][]> {
  return await Promise.all(
    cluster.nodes.map(async (n) =>
      (await knownBrokers("127.0.0.1", n.port))?.map((b) => b.id) ?? []
    ),
  );
}

async function gone(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => false, () => true);
}

Deno.test("startCluster() gives 3 serving nodes that replicate, fail over, come back and leave nothing", async (t) => {
  const cluster = await startCluster();
  try {
    await t.step("every node serves clients and lists brokers 1, 2 and 3", async () => {
      assert.deepEqual(cluster.nodes.map((n) => n.id), [1, 2, 3]);
      assert.equal(cluster.bootstrap, cluster.nodes.map((n) => `127.0.0.1:${n.port}`).join(","));
      assert.match(cluster.bootstrap, /^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
      for (const node of cluster.nodes) {
        assert.equal(node.running, true);
        assert.equal(await answersApiVersions("127.0.0.1", node.port), true, `node ${node.id}`);
      }
      assert.deepEqual(await brokerIdsSeenBy(cluster), [[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
      assert.deepEqual(
        javaProcessesMentioning(cluster.dir).sort(),
        cluster.nodes.map((n) => n.pid).sort(),
      );
      assert.equal(cluster.running, true);
    });

    const topic = freshTopic("replicated");
    await t.step("a topic with replication factor 3 has 3 replicas, all in sync", async () => {
      await createTopic(cluster, topic, {
        partitions: 3,
        config: { "min.insync.replicas": "2" },
      });
      const partitions = await describePartitions(cluster, topic);
      assert.equal(partitions.length, 3);
      for (const p of partitions) {
        assert.deepEqual([...p.replicas].sort(), [1, 2, 3], `partition ${p.partition}`);
        assert.deepEqual([...p.isr].sort(), [1, 2, 3], `partition ${p.partition}`);
        assert.ok(p.leader !== undefined && p.replicas.includes(p.leader));
      }
      // Kafka's own tool agrees.
      const described = await kafkaTool([
        "topics",
        "--bootstrap-server",
        cluster.bootstrap,
        "--describe",
        "--topic",
        topic,
      ]);
      assert.equal(described.code, 0, described.stderr);
      assert.match(described.stdout, /PartitionCount: 3\tReplicationFactor: 3\t/);
      assert.match(described.stdout, /min\.insync\.replicas=2/);
    });

    await t.step("records written with acks=all are read back whole", async () => {
      const lines = Array.from({ length: 20 }, (_, i) => `k${i}:v${i}`).join("\n") + "\n";
      const produced = await kcat(
        ["-b", cluster.bootstrap, "-P", "-t", topic, "-K:", "-X", "acks=all"],
        lines,
      );
      assert.equal(produced.code, 0, produced.stderr);
      const consumed = await kcatLines(cluster.bootstrap, topic, "%k:%s\n");
      assert.deepEqual(consumed.sort(), lines.trimEnd().split("\n").sort());
    });

    await t.step(
      "partitionLeader() moves off a node stopped with SIGTERM; start() brings it back",
      async () => {
        const leader = await partitionLeader(cluster, topic, 0);
        assert.ok(leader !== undefined);
        const node = cluster.nodes[leader - 1];
        const before = node.pid;

        await node.stop();

        assert.equal(node.running, false);
        assert.equal(isAlive(before), false);
        assert.equal(cluster.running, false);
        const next = await waitForLeader(
          cluster,
          topic,
          0,
          (id) => id !== undefined && id !== leader,
        );
        assert.ok(next !== leader);

        await node.start();

        assert.equal(node.running, true);
        assert.notEqual(node.pid, before);
        assert.equal(await answersApiVersions("127.0.0.1", node.port), true);
        assert.deepEqual(await brokerIdsSeenBy(cluster), [[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
      },
    );

    await t.step(
      "a node killed with SIGKILL comes back on the same port with start()",
      async () => {
        const node = cluster.nodes[2];
        const { pid, port } = node;

        await node.stop("SIGKILL");
        assert.equal(isAlive(pid), false);
        assert.deepEqual(javaProcessesMentioning(node.dataDir), []);
        await node.start();

        assert.equal(node.port, port);
        assert.equal(node.running, true);
        assert.deepEqual(await brokerIdsSeenBy(cluster), [[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
      },
    );

    await t.step(
      "stop() stops every node at once; start() brings the cluster back with its data",
      async () => {
        const started = performance.now();
        await cluster.stop();
        const stopSeconds = (performance.now() - started) / 1000;

        assert.equal(cluster.nodes.some((n) => n.running), false);
        assert.deepEqual(javaProcessesMentioning(cluster.dir), []);
        // At once, not one after another: a node that hangs in its controlled shutdown is killed
        // after its 30 s grace, so together they take at most ~40 s (one by one could take 90).
        assert.ok(stopSeconds < 45, `stop() took ${stopSeconds.toFixed(1)} s`);

        await cluster.start();

        assert.equal(cluster.running, true);
        const partitions = await describePartitions(cluster, topic);
        assert.deepEqual(partitions.map((p) => p.replicas.length), [3, 3, 3]);
        assert.equal((await kcatLines(cluster.bootstrap, topic)).length, 20);
      },
    );
  } finally {
    await cluster[Symbol.asyncDispose]();
  }
  assert.deepEqual(javaProcessesMentioning(cluster.dir), []);
  assert.equal(await gone(cluster.dir), true, `${cluster.dir} was not removed`);
});

Deno.test("startCluster() in a given dir keeps its cluster id and topics from one start to the next", async () => {
  const dir = await Deno.makeTempDir({ prefix: "telemetra-cluster-test-" });
  try {
    const topic = freshTopic("kept");
    let clusterId: string;
    {
      await using cluster = await startCluster({ dir });
      clusterId = cluster.clusterId;
      await createTopic(cluster, topic);
    }
    assert.deepEqual(javaProcessesMentioning(dir), []);
    assert.equal(await gone(`${dir}/node-1/data/meta.properties`), false, "a given dir is kept");

    await using again = await startCluster({ dir });

    assert.equal(again.clusterId, clusterId);
    const partitions = await describePartitions(again, topic);
    assert.deepEqual(partitions.map((p) => [...p.replicas].sort()), [[1, 2, 3]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startCluster() on a busy port throws 'port N is already in use' before touching disk", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const busy = (listener.addr as Deno.NetAddr).port;
  const [first, third] = freePorts(3).filter((p) => p !== busy);
  const parent = await Deno.makeTempDir();
  const dir = `${parent}/never-created`;
  try {
    const error = await startCluster({ dir, ports: [first, busy, third] }).then(
      () => undefined,
      (e) => e,
    );

    assert.ok(error instanceof KafkaError, String(error));
    assert.equal(error.message, `port ${busy} is already in use`);
    await assert.rejects(Deno.stat(dir), Deno.errors.NotFound);
    assert.deepEqual(javaProcessesMentioning(parent), []);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("startCluster() refuses a node count below 1 and port lists of the wrong length", async () => {
  await assert.rejects(
    startCluster({ nodes: 0 }),
    new RangeError("nodes must be a whole number ≥ 1, got 0"),
  );
  await assert.rejects(
    startCluster({ nodes: 3, ports: [40001, 40002] }),
    new RangeError("ports must list 3 ports, one per node, got 2"),
  );
});

Deno.test("startCluster() throws with a node's log when a JVM exits while starting, and leaves no JVM", async () => {
  const dir = await Deno.makeTempDir({ prefix: "telemetra-cluster-test-" });
  try {
    const error = await startCluster({ dir, jvmFlags: ["-Xmx4m"] }).then(
      () => undefined,
      (e) => e,
    );

    assert.ok(error instanceof KafkaError, String(error));
    const [first, ...tail] = error.message.split("\n");
    assert.match(
      first,
      new RegExp(
        `^Kafka node [123] exited while starting; last lines of ${dir}/node-[123]/broker\\.log:$`,
      ),
    );
    assert.match(tail.join("\n"), /heap size/);
    assert.deepEqual(javaProcessesMentioning(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a cluster whose owning process dies without stopping it is stopped and removed for it", async () => {
  const script = `
    import { startCluster } from "${new URL("../../tools/kafka/cluster.ts", import.meta.url)}";
    const cluster = await startCluster();
    console.log(JSON.stringify({ pids: cluster.nodes.map((n) => n.pid), dir: cluster.dir }));
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
  const { pids, dir } = JSON.parse(text) as { pids: number[]; dir: string };
  assert.equal(pids.length, 3);
  assert.ok(pids.every(isAlive));

  owner.kill("SIGKILL");
  await owner.status;
  await reader.cancel();

  for (const pid of pids) {
    assert.equal(await waitForExit(pid, 30_000), true, `node JVM ${pid} outlived its owner`);
  }
  assert.deepEqual(javaProcessesMentioning(dir), []);
  const deadline = Date.now() + 10_000;
  while (!await gone(dir) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(await gone(dir), true, `${dir} outlived the cluster's owner`);
});
