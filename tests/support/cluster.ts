/**
 * Helpers for tests against a real multi-node Kafka cluster (tests/cluster/, run by
 * `deno task test:cluster`): topics with replicas, and who leads which partition.
 *
 * ```ts
 * await using cluster = await startCluster();             // 3 nodes, ≈8 s
 * await createTopic(cluster, topic, { partitions: 2, config: { "min.insync.replicas": "2" } });
 * const leader = await partitionLeader(cluster, topic, 0); // 1, 2 or 3
 * await cluster.nodes[leader! - 1].stop();
 * await waitForLeader(cluster, topic, 0, (id) => id !== undefined && id !== leader);
 * ```
 *
 * Metadata comes from kcat (`kcat -L -J`): it answers in milliseconds, where Kafka's
 * TopicCommand starts a JVM. A SIGKILLed node stays leader in the metadata until the controller
 * fences it (broker.session.timeout.ms, 9 s by default); a SIGTERMed one hands leadership over
 * as it stops.
 */

import { kafkaTool, kcat } from "./clients.ts";

export { type Cluster, type ClusterNode, startCluster } from "../../tools/kafka/cluster.ts";
export { freshTopic, kafkaTool, kcat } from "./clients.ts";

/** A cluster, or just its bootstrap list. */
export type ClusterLike = { readonly bootstrap: string } | string;

/** One partition as the cluster's metadata describes it. */
export interface PartitionState {
  readonly partition: number;
  /** The leader's node id; undefined while the partition has none. */
  readonly leader: number | undefined;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicOptions {
  /** 1 by default. */
  readonly partitions?: number;
  /** 3 by default. */
  readonly replicationFactor?: number;
  /** Topic configs, e.g. `{ "min.insync.replicas": "2" }`. */
  readonly config?: Readonly<Record<string, string>>;
}

function bootstrapOf(cluster: ClusterLike): string {
  return typeof cluster === "string" ? cluster : cluster.bootstrap;
}

/** Creates `topic` with Kafka's TopicCommand; throws with its output when that fails. */
export async function createTopic(
  cluster: ClusterLike,
  topic: string,
  { partitions = 1, replicationFactor = 3, config = {} }: TopicOptions = {},
): Promise<void> {
  const { code, stdout, stderr } = await kafkaTool([
    "topics",
    "--bootstrap-server",
    bootstrapOf(cluster),
    "--create",
    "--topic",
    topic,
    "--partitions",
    String(partitions),
    "--replication-factor",
    String(replicationFactor),
    ...Object.entries(config).flatMap(([key, value]) => ["--config", `${key}=${value}`]),
  ]);
  if (code !== 0) {
    throw new Error(`creating topic ${topic} failed (exit ${code}):\n${stderr}${stdout}`);
  }
}

/**
 * The partitions of `topic` in the JSON of `kcat -L -J -t <topic>`, sorted by partition.
 * Throws when kcat reports an error for the topic (e.g. it does not exist).
 */
export function parseKcatMetadata(json: string, topic: string): PartitionState[] {
  const metadata = JSON.parse(json) as {
    topics?: {
      topic: string;
      error?: string;
      partitions?: {
        partition: number;
        leader: number;
        error?: string;
        replicas?: { id: number }[];
        isrs?: { id: number }[];
      }[];
    }[];
  };
  const entry = metadata.topics?.find((t) => t.topic === topic);
  if (entry === undefined) throw new Error(`kcat's metadata has no topic ${topic}`);
  if (entry.error) throw new Error(`topic ${topic}: ${entry.error}`);
  return (entry.partitions ?? [])
    .map((p) => ({
      partition: p.partition,
      leader: p.leader >= 0 ? p.leader : undefined,
      replicas: (p.replicas ?? []).map((r) => r.id),
      isr: (p.isrs ?? []).map((r) => r.id),
    }))
    .sort((a, b) => a.partition - b.partition);
}

/** Every partition of `topic`: leader, replicas and in-sync replicas. */
export async function describePartitions(
  cluster: ClusterLike,
  topic: string,
): Promise<PartitionState[]> {
  const { code, stdout, stderr } = await kcat(
    ["-L", "-J", "-b", bootstrapOf(cluster), "-t", topic, "-m", "10"],
    undefined,
    { timeoutMs: 30_000 },
  );
  if (code !== 0) throw new Error(`kcat -L failed for topic ${topic} (exit ${code}): ${stderr}`);
  return parseKcatMetadata(stdout, topic);
}

/** The node id leading `topic`'s `partition`, undefined while it has no leader. */
export async function partitionLeader(
  cluster: ClusterLike,
  topic: string,
  partition: number,
): Promise<number | undefined> {
  const state = (await describePartitions(cluster, topic)).find((p) => p.partition === partition);
  if (state === undefined) throw new Error(`topic ${topic} has no partition ${partition}`);
  return state.leader;
}

/**
 * Polls the metadata until the leader of `topic`'s `partition` satisfies `wanted` and returns
 * it; throws with the last state seen after `timeoutMs` (30 s by default).
 */
export async function waitForLeader(
  cluster: ClusterLike,
  topic: string,
  partition: number,
  wanted: (leader: number | undefined) => boolean,
  timeoutMs = 30_000,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: string;
    try {
      const leader = await partitionLeader(cluster, topic, partition);
      if (wanted(leader)) return leader;
      last = `leader ${leader ?? "none"}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${topic}/${partition}: no wanted leader within ${timeoutMs} ms (${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
