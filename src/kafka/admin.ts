/**
 * Topics: create the missing ones like the seed producer did, and answer "does it exist / how many
 * partitions" for produce and consume.
 */
import { getLogger } from "@logtape/logtape";
import { ExitCode, KafkaError } from "../errors.ts";
import type { Admin, Kafka } from "kafkajs";
import { CLIENT_RETRY } from "./client.ts";
import { connectClient, type ConnectOptions, type RetryPolicy } from "./connect.ts";
import { errorChain, type KafkaErrorContext, protocolErrorTypes, toKafkaError } from "./errors.ts";

const log = getLogger(["telemetra", "kafka", "admin"]);

/** A connected admin client, as other layers may hold one (they never import kafkajs). */
export type AdminClient = Admin;

export interface TopicLayout {
  readonly partitions: number;
  readonly replicationFactor: number;
  /**
   * A backfill: how old (ms, now − its first event time) its oldest records are. Topics it
   * creates keep records forever (retention.ms=-1), and existing topics that would delete them
   * at once are reported.
   */
  readonly backfillAgeMs?: number | undefined;
}

export interface EnsureTopicsResult {
  /** Topics this call created. */
  readonly created: readonly string[];
  /** Topics that were there already (or created concurrently by someone else). */
  readonly existing: readonly string[];
  /** Partition count of every requested topic, as the cluster reports it afterwards. */
  readonly partitions: ReadonlyMap<string, number>;
}

/**
 * Connects an admin client, retrying as `policy` says; the caller disconnects it
 * (`await admin.disconnect()`). Each attempt ends with a metadata request: after a handshake
 * that timed out, kafkajs' own retry calls the silent socket connected, and only an answer
 * proves a broker is there.
 */
export async function openAdmin(
  kafka: Kafka,
  policy: RetryPolicy,
  options: ConnectOptions = {},
): Promise<Admin> {
  const admin = kafka.admin({ retry: { ...CLIENT_RETRY } });
  const verified = {
    connect: async () => {
      await admin.connect();
      await admin.describeCluster();
    },
    disconnect: () => admin.disconnect(),
  };
  await connectClient("admin", verified, policy, options);
  return admin;
}

/** Partition counts of `topics`; a missing topic is absent from the map. */
export async function partitionCounts(
  admin: Admin,
  topics: readonly string[],
  context: KafkaErrorContext,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (topics.length === 0) return counts;
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length === 0) return counts;
    const metadata = await admin.fetchTopicMetadata({ topics: [...present] });
    for (const topic of metadata.topics) counts.set(topic.name, topic.partitions.length);
  } catch (error) {
    throw toKafkaError(error, { ...context, action: context.action ?? "describe topics" });
  }
  return counts;
}

function creationError(
  error: unknown,
  missing: readonly string[],
  layout: TopicLayout,
  context: KafkaErrorContext,
): KafkaError {
  const topic = errorChain(error).map((e) => e.topic).find((t) => typeof t === "string") as
    | string
    | undefined;
  const subject = topic
    ? `topic ${topic}`
    : `topic${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`;
  if (protocolErrorTypes(error).includes("INVALID_REPLICATION_FACTOR")) {
    return new KafkaError(
      `cannot create ${subject} with replication factor ${layout.replicationFactor}: the cluster has fewer brokers (INVALID_REPLICATION_FACTOR)`,
      ExitCode.Failure,
      { cause: error },
    );
  }
  return toKafkaError(error, { ...context, action: `create ${subject}` });
}

/**
 * Creates the topics that do not exist yet with `layout`; logs "All topics already exist" or
 * "Created topics: …". Throws KafkaError: not allowed (exit 4), or any other refusal (exit 1).
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  layout: TopicLayout,
  context: KafkaErrorContext,
): Promise<EnsureTopicsResult> {
  const wanted = [...new Set(topics)];
  let existingNow: Set<string>;
  try {
    existingNow = new Set(await admin.listTopics());
  } catch (error) {
    throw toKafkaError(error, { ...context, action: "list topics" });
  }
  const missing = wanted.filter((t) => !existingNow.has(t));
  let created: readonly string[] = [];
  if (missing.length === 0) {
    log.info("All topics already exist");
  } else {
    try {
      const backfill = layout.backfillAgeMs !== undefined;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: layout.partitions,
          replicationFactor: layout.replicationFactor,
          ...(backfill ? { configEntries: [{ name: "retention.ms", value: "-1" }] } : {}),
        })),
      });
    } catch (error) {
      throw creationError(error, missing, layout, context);
    }
    // createTopics also succeeds when another client created some of them a moment earlier.
    created = missing;
    log.info("Created topics: {topics} ({partitions}, replication factor {rf})", {
      topics: created.join(", "),
      partitions: layout.partitions === 1 ? "1 partition" : `${layout.partitions} partitions`,
      rf: layout.replicationFactor,
    });
    if (layout.backfillAgeMs !== undefined) {
      log.info(
        "Created them with retention.ms=-1: a backfill's records carry past timestamps, which the " +
          "broker's default retention would delete at once",
      );
    }
  }
  const existing = wanted.filter((t) => !created.includes(t));
  if (layout.backfillAgeMs !== undefined && existing.length > 0) {
    await warnShortRetention(admin, existing, layout.backfillAgeMs);
  }
  const partitions = await partitionCounts(admin, wanted, context);
  return { created, existing, partitions };
}

/** TOPIC in kafkajs' ConfigResourceTypes. */
const TOPIC_RESOURCE = 2;

/**
 * One warning line per existing topic whose retention is shorter than the backfill's age: its
 * records would be deleted as soon as they land. Best effort: a broker that will not describe
 * configs (ACLs) gets no warning rather than a failed run.
 */
async function warnShortRetention(
  admin: Admin,
  topics: readonly string[],
  ageMs: number,
): Promise<void> {
  let described;
  try {
    described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: TOPIC_RESOURCE,
        name,
        configNames: ["retention.ms"],
      })),
    });
  } catch {
    return;
  }
  for (const resource of described.resources) {
    const entry = resource.configEntries.find((e) => e.configName === "retention.ms");
    const retentionMs = Number(entry?.configValue);
    if (!Number.isFinite(retentionMs) || retentionMs < 0 || retentionMs >= ageMs) continue;
    log.warn(
      "Topic {topic} keeps records {kept} (retention.ms={ms}) but this backfill's are up to {age} " +
        "old: the broker will delete them at once (keep them: kafka-configs.sh --alter --entity-type " +
        "topics --entity-name {topic} --add-config retention.ms=-1)",
      {
        topic: resource.resourceName,
        kept: humanDuration(retentionMs),
        ms: retentionMs,
        age: humanDuration(ageMs),
      },
    );
  }
}

/** `7d`, `36h`, `15m`: a duration for a warning. */
function humanDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  return hours < 72 ? `${hours}h` : `${Math.round(hours / 24)}d`;
}
