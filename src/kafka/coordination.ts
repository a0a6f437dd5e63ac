/**
 * Replicas of one run dividing its channels through Kafka (`produce --shard auto`), with no
 * coordinator of our own:
 * - a coordination topic with one partition per channel slot (compacted);
 * - the run's record (seed, start time, what the replicas must agree on), keyed by the run's name
 *   in partition 0: the first record of that key in the log is the run's, whoever wrote it;
 * - a consumer group on that topic: Kafka's assignment of its partitions is the assignment of
 *   the channels. kafkajs rebalances eagerly: every member gives up all its partitions when a
 *   rebalance begins and gets its new share when the group has synced, so an old owner stops a
 *   channel before its new owner is told to start it.
 */
import { getLogger } from "@logtape/logtape";
import type { Consumer, Kafka, Producer } from "kafkajs";
import { ExitCode, KafkaError } from "../errors.ts";
import { CLIENT_RETRY } from "./client.ts";
import { abortableSleep, connectClient } from "./connect.ts";
import { consumeRecords } from "./consumer.ts";
import { type KafkaErrorContext, protocolErrorTypes, toKafkaError } from "./errors.ts";
import { openAdmin, partitionCounts } from "./admin.ts";
import type { KafkaSettings } from "./settings.ts";

const log = getLogger(["telemetra", "produce", "coordination"]);

/** What every replica of a run must share. */
export interface RunRecord {
  readonly seed: number;
  /** Epoch ms: where the run's world begins. */
  readonly startMs: number;
  /** The run's settings that shape the world (channels, profile options), as one string. */
  readonly world: string;
  /** The replica that wrote it (for the logs). */
  readonly writtenBy: string;
}

export interface RunTopic {
  readonly topic: string;
  /** The run's name: the record's key and the consumer group's suffix. */
  readonly runName: string;
  /** One partition per channel. */
  readonly slots: number;
  readonly replicationFactor: number;
}

/**
 * Makes sure the coordination topic exists with one partition per slot, then returns the run's
 * record: the one already there, or `proposal` when this replica is the first (two replicas
 * starting at once both write; the earlier record is the run's, and the later writer writes it
 * again so that compaction keeps it). Throws KafkaError: a topic of another shape (exit 2), or
 * whatever Kafka refuses.
 */
export async function agreeOnRun(
  kafka: Kafka,
  settings: KafkaSettings,
  run: RunTopic,
  proposal: RunRecord,
  signal: AbortSignal,
): Promise<{ record: RunRecord; first: boolean }> {
  const context: KafkaErrorContext = { brokers: settings.brokers, security: settings.security };
  const empty = await ensureCoordinationTopic(kafka, settings, run, context, signal);
  const found = empty ? undefined : await readRunRecord(kafka, settings, run, signal);
  if (found !== undefined) return { record: found, first: false };
  await writeRunRecord(kafka, settings, run, proposal, context, signal);
  const record = await readRunRecord(kafka, settings, run, signal);
  if (record === undefined) {
    throw new KafkaError(`the record of run ${run.runName} vanished from ${run.topic}`);
  }
  const first = record.writtenBy === proposal.writtenBy;
  if (!first) await writeRunRecord(kafka, settings, run, record, context, signal);
  return { record, first };
}

/** Creates the topic unless it exists, checks its shape; true when its partition 0 is empty. */
async function ensureCoordinationTopic(
  kafka: Kafka,
  settings: KafkaSettings,
  run: RunTopic,
  context: KafkaErrorContext,
  signal: AbortSignal,
): Promise<boolean> {
  const admin = await openAdmin(kafka, settings, { signal });
  try {
    let partitions = (await partitionCounts(admin, [run.topic], context)).get(run.topic);
    if (partitions === undefined) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{
            topic: run.topic,
            numPartitions: run.slots,
            replicationFactor: run.replicationFactor,
            configEntries: [{ name: "cleanup.policy", value: "compact" }],
          }],
        });
      } catch (error) {
        throw toKafkaError(error, { ...context, action: `create topic ${run.topic}` });
      }
      partitions = (await partitionCounts(admin, [run.topic], context)).get(run.topic);
      log.info("Created the coordination topic {topic} ({slots} partitions, one per channel)", {
        topic: run.topic,
        slots: partitions ?? run.slots,
      });
    }
    if (partitions !== run.slots) {
      throw new KafkaError(
        `the coordination topic ${run.topic} has ${partitions} partitions but this run has ` +
          `${run.slots} channels (one partition each): give the run its own topic ` +
          `(--coordination-topic) or delete that one`,
        ExitCode.Usage,
      );
    }
    // Whether partition 0 is empty (no run has a record yet): then there is nothing to read.
    // Unknown while a topic just created elsewhere has no leader yet: read it then.
    try {
      const offsets = await admin.fetchTopicOffsets(run.topic);
      const first = offsets.find((o) => o.partition === 0);
      return first !== undefined && first.high === first.low;
    } catch {
      return false;
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Errors of a topic another replica created a moment ago, whose leaders are still coming up. */
const NOT_READY = new Set([
  "NOT_LEADER_FOR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "UNKNOWN_TOPIC_OR_PARTITION",
]);

/** The first record of the run's key in partition 0, or undefined; waits for a new topic. */
async function readRunRecord(
  kafka: Kafka,
  settings: KafkaSettings,
  run: RunTopic,
  signal: AbortSignal,
): Promise<RunRecord | undefined> {
  for (let attempt = 1;; attempt++) {
    try {
      return await readRunRecordOnce(kafka, settings, run, signal);
    } catch (error) {
      const notReady = protocolErrorTypes(error).some((type) => NOT_READY.has(type));
      if (!notReady || attempt >= 40 || signal.aborted) throw error;
      await abortableSleep(250, signal);
    }
  }
}

async function readRunRecordOnce(
  kafka: Kafka,
  settings: KafkaSettings,
  run: RunTopic,
  signal: AbortSignal,
): Promise<RunRecord | undefined> {
  let found: RunRecord | undefined;
  const decoder = new TextDecoder();
  await consumeRecords(kafka, settings, {
    topics: [run.topic],
    partitions: [0],
    offset: { kind: "beginning" },
    exitAtEnd: true,
    signal,
    onBatch(batch) {
      for (const record of batch.messages) {
        if (found !== undefined || record.key === null || record.value === null) continue;
        if (decoder.decode(record.key) !== run.runName) continue;
        found = parseRunRecord(decoder.decode(record.value));
      }
      return { taken: batch.messages.length, stop: false };
    },
  });
  return found;
}

function parseRunRecord(text: string): RunRecord | undefined {
  try {
    const r = JSON.parse(text);
    if (
      Number.isInteger(r.seed) && Number.isFinite(r.startMs) && typeof r.world === "string" &&
      typeof r.writtenBy === "string"
    ) return { seed: r.seed, startMs: r.startMs, world: r.world, writtenBy: r.writtenBy };
  } catch {
    // Not one of ours: skipped like a record of another key.
  }
  return undefined;
}

async function writeRunRecord(
  kafka: Kafka,
  settings: KafkaSettings,
  run: RunTopic,
  record: RunRecord,
  context: KafkaErrorContext,
  signal: AbortSignal,
): Promise<void> {
  const producer: Producer = kafka.producer({
    retry: { ...CLIENT_RETRY },
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await connectClient("coordination producer", producer, settings, { signal });
  try {
    await producer.send({
      topic: run.topic,
      acks: -1,
      messages: [{ partition: 0, key: run.runName, value: JSON.stringify(record) }],
    });
  } catch (error) {
    throw toKafkaError(error, { ...context, action: `write the run's record to ${run.topic}` });
  } finally {
    await producer.disconnect().catch(() => {});
  }
}

/** What a member hears from its group. */
export interface GroupListener {
  /** A rebalance began, or contact with the group may be lost: stop sending at once. */
  revoke(): void;
  /** This replica's slots (partitions of the coordination topic) until the next revoke(). */
  assign(slots: readonly number[]): void;
  /** The group cannot be kept (kafkajs gave up): the run must end. */
  lost(error: unknown): void;
}

export interface GroupMember extends AsyncDisposable {
  /**
   * Whether this member may send now: assigned, and heard from the group recently enough that
   * its membership cannot have expired (a session timeout without heartbeats ends it).
   */
  current(): boolean;
  /** Leaves the group (its channels move to the others at once). */
  leave(): Promise<void>;
}

/** The consumer group of a run: `telemetra-mock.<run name>`. */
export function groupIdOf(runName: string): string {
  return `telemetra-mock.${runName}`;
}

/**
 * Joins the run's group; `listener` hears of each assignment and revocation. The heartbeat goes
 * ten times per session timeout.
 */
export async function joinGroup(
  kafka: Kafka,
  settings: KafkaSettings,
  run: RunTopic,
  sessionTimeoutMs: number,
  listener: GroupListener,
  signal: AbortSignal,
): Promise<GroupMember> {
  const heartbeatMs = Math.max(100, Math.floor(sessionTimeoutMs / 10));
  const consumer: Consumer = kafka.consumer({
    groupId: groupIdOf(run.runName),
    sessionTimeout: sessionTimeoutMs,
    rebalanceTimeout: sessionTimeoutMs,
    heartbeatInterval: heartbeatMs,
    // Heartbeats go between fetches: short fetch waits keep them on time on an idle topic.
    maxWaitTimeInMs: heartbeatMs,
    allowAutoTopicCreation: false,
    retry: { ...CLIENT_RETRY },
  });
  /** When the group last answered (a heartbeat or a join); 0 while not a member. */
  let heardMs = 0;
  /** The slots of the current generation; undefined once a rebalance has begun. */
  let slots: readonly number[] | undefined;
  /** Stopped by the watchdog, though no rebalance was announced. */
  let suspended = false;
  const revoke = () => {
    slots = undefined;
    suspended = false;
    listener.revoke();
  };
  consumer.on(consumer.events.HEARTBEAT, () => {
    heardMs = Date.now();
    // A heartbeat answered in the same generation: the assignment still holds.
    if (suspended && slots !== undefined) {
      suspended = false;
      log.info("The group answers again: resuming this replica's channels");
      listener.assign(slots);
    }
  });
  consumer.on(consumer.events.REBALANCING, revoke);
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    heardMs = Date.now();
    suspended = false;
    slots = [...(payload.memberAssignment[run.topic] ?? [])].sort((a, b) => a - b);
    listener.assign(slots);
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    revoke();
    if (!payload.restart) {
      listener.lost(toKafkaError(payload.error, {
        brokers: settings.brokers,
        security: settings.security,
        action: `stay in the group of run ${run.runName}`,
      }));
    }
  });
  await connectClient("coordination consumer", consumer, settings, { signal });
  try {
    await consumer.subscribe({ topics: [run.topic], fromBeginning: false });
    await consumer.run({ autoCommit: false, eachBatch: () => Promise.resolve() });
  } catch (error) {
    await consumer.disconnect().catch(() => {});
    throw toKafkaError(error, { brokers: settings.brokers, security: settings.security });
  }
  // Stop before the broker can have given the channels to another member: its session ends
  // sessionTimeoutMs after the last heartbeat it received, which was before we heard its answer.
  const trustMs = sessionTimeoutMs * 0.8;
  const watchdog = setInterval(() => {
    if (slots !== undefined && !suspended && Date.now() - heardMs > trustMs) {
      log.warn(
        "No heartbeat answered for {ms} ms: stopping every channel until the group answers",
        {
          ms: Math.round(Date.now() - heardMs),
        },
      );
      suspended = true;
      listener.revoke();
    }
  }, heartbeatMs);
  let left = false;
  const leave = async () => {
    if (left) return;
    left = true;
    clearInterval(watchdog);
    revoke();
    await consumer.disconnect().catch(() => {});
  };
  return {
    current: () => slots !== undefined && !suspended && Date.now() - heardMs <= trustMs,
    leave,
    [Symbol.asyncDispose]: leave,
  };
}
