/**
 * `produce` against a real 3-node cluster, topics with 3 replicas and min.insync.replicas=2:
 * - the node leading a chat partition is SIGKILLed mid-run: every event is delivered exactly
 *   once (kcat reads exactly the count, no id twice);
 * - two of the three nodes are away for 15 s (below min ISR, and the controller quorum lost): the
 *   outage is warned about within 10 s, production resumes when they are back, nothing is lost or
 *   duplicated, and the summary equals what the topics hold.
 */
import assert from "node:assert/strict";
import { spawnCli } from "../support/cli.ts";
import { auditTopics, parseSummary } from "../reliability/topic_audit.ts";
import {
  type Cluster,
  createTopic,
  freshTopic,
  partitionLeader,
  startCluster,
} from "../support/cluster.ts";

const KINDS = ["chat", "viewer", "transactions", "stream_meta"] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The four topics, 3 partitions, 3 replicas, min.insync.replicas=2 (as for a real cluster). */
async function replicatedTopics(cluster: Cluster, label: string): Promise<string> {
  const prefix = `${freshTopic(label)}.`;
  for (const kind of KINDS) {
    await createTopic(cluster, prefix + kind, {
      partitions: 3,
      replicationFactor: 3,
      config: { "min.insync.replicas": "2" },
    });
  }
  return prefix;
}

function producer(cluster: Cluster, prefix: string, args: readonly string[]) {
  return spawnCli([
    "produce",
    "--bootstrap-server",
    cluster.bootstrap,
    "--channels",
    "alpha,bravo,charlie,delta,echo,foxtrot",
    "--topic-prefix",
    prefix,
    "--replication-factor",
    "3",
    "--seed",
    "13",
    "--no-progress",
    ...args,
  ]);
}

Deno.test({
  name:
    "produce delivers 30,000 events exactly once when the leader of a chat partition is SIGKILLed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using cluster = await startCluster();
    try {
      const prefix = await replicatedTopics(cluster, "failover-leader");
      const run = producer(cluster, prefix, ["--rate", "1000", "--count", "30000"]);
      await run.waitForStderr(/Starting message production/, 60_000);
      const startedAt = Date.now();
      await sleep(startedAt + 10_000 - Date.now());
      const leader = await partitionLeader(cluster, `${prefix}chat`, 0);
      assert.ok(leader !== undefined, "chat partition 0 has a leader");
      await cluster.nodes[leader - 1]!.stop("SIGKILL");
      const killedAt = Date.now();

      const { code, stderr } = await run.finished(180_000);
      const summary = parseSummary(stderr);
      assert.ok(summary, `no summary; stderr:\n${stderr.slice(-3000)}`);
      // Read back from the two nodes still up.
      const audit = await auditTopics(cluster.bootstrap, prefix, summary.delivered);
      // deno-lint-ignore no-console
      console.log(
        `node ${leader} (leader of chat/0) SIGKILLed ${
          ((killedAt - startedAt) / 1000).toFixed(1)
        } s in: exit ${code}, generated ${summary.generated}, delivered ${summary.delivered}, ` +
          `records ${audit.records}, duplicated ${audit.duplicated}, outages ${summary.outages}`,
      );
      assert.equal(code, 0, `exit code; stderr:\n${stderr.slice(-3000)}`);
      assert.deepEqual(
        {
          generated: summary.generated,
          delivered: summary.delivered,
          failed: summary.failed,
          undelivered: summary.undelivered,
        },
        { generated: 30_000, delivered: 30_000, failed: 0, undelivered: 0 },
      );
      assert.deepEqual(
        { records: audit.records, unique: audit.unique, duplicated: audit.duplicated },
        { records: 30_000, unique: 30_000, duplicated: 0 },
      );
    } catch (error) {
      // deno-lint-ignore no-console
      console.error(cluster.logTail(20));
      throw error;
    }
  },
});

Deno.test({
  name:
    "produce warns, waits and resumes when two of three nodes are away for 15 s, losing nothing",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using cluster = await startCluster();
    try {
      const prefix = await replicatedTopics(cluster, "failover-quorum");
      const run = producer(cluster, prefix, ["--rate", "200", "--duration", "45s"]);
      await run.waitForStderr(/Starting message production/, 60_000);
      await sleep(8000);
      const [, second, third] = cluster.nodes;
      await Promise.all([second!.stop("SIGKILL"), third!.stop("SIGKILL")]);
      const downAt = Date.now();
      const warning = await run.waitForStderr(
        /WARNING - Kafka not acknowledging for \d+s: \d+ events waiting/,
        15_000,
      );
      const warnedAfterMs = Date.now() - downAt;
      await sleep(downAt + 15_000 - Date.now());
      await cluster.start();
      const upAt = Date.now();
      await run.waitForStderr(/Kafka acknowledging again after \d+s/, 120_000);
      const resumedAfterMs = Date.now() - upAt;

      const { code, stderr } = await run.finished(180_000);
      const summary = parseSummary(stderr);
      assert.ok(summary, `no summary; stderr:\n${stderr.slice(-3000)}`);
      const audit = await auditTopics(cluster.bootstrap, prefix, summary.delivered);
      // deno-lint-ignore no-console
      console.log(
        `2 of 3 nodes away ${((upAt - downAt) / 1000).toFixed(1)} s: warned after ${
          (warnedAfterMs / 1000).toFixed(1)
        } s (${warning}), acknowledged again ${
          (resumedAfterMs / 1000).toFixed(1)
        } s after the restart; exit ${code}, generated ${summary.generated}, ` +
          `delivered ${summary.delivered}, records ${audit.records}, duplicated ${audit.duplicated}`,
      );
      assert.ok(warnedAfterMs <= 10_000, `warned ${warnedAfterMs} ms after the nodes stopped`);
      assert.equal(code, 0, `exit code; stderr:\n${stderr.slice(-3000)}`);
      assert.equal(summary.generated, 200 * 45);
      assert.equal(summary.delivered, summary.generated);
      assert.equal(summary.failed + summary.undelivered, 0);
      assert.ok(summary.outages >= 1);
      assert.deepEqual(
        { records: audit.records, unique: audit.unique, duplicated: audit.duplicated },
        { records: summary.delivered, unique: summary.delivered, duplicated: 0 },
      );
    } catch (error) {
      // deno-lint-ignore no-console
      console.error(cluster.logTail(20));
      throw error;
    }
  },
});
