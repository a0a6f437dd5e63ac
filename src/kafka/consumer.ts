/**
 * The consuming edge: reads topics with kafkajs and hands batches of records to a handler.
 * kcat/rpk semantics on top of kafkajs' group consumer:
 * - without a group, a throwaway group id and a fixed assignment of every requested partition
 *   to this one member; nothing is committed;
 * - with a group, the group assigns partitions and commits what was handled; partitions the
 *   group never committed start where `offset` says;
 * - `exitAtEnd` snapshots the end offsets first, so the run ends even on a busy topic.
 * Unknown topics are an error, never created (auto-creation is off) and never waited for.
 */
import { getLogger } from "@logtape/logtape";
import type { Batch, Consumer, EachBatchPayload, Kafka } from "kafkajs";
import { KafkaError } from "../errors.ts";
import { connectWithRetry } from "./connect.ts";
import { fixedAssigner, type PartitionPlan, planPartitions } from "./consumer_plan.ts";
import type { ConsumeRequest, ConsumeResult, StopReason } from "./consumer_types.ts";
import { EndTracker, partitionKey } from "./end_tracker.ts";
import { type KafkaErrorContext, toKafkaError } from "./errors.ts";
import type { KafkaSettings } from "./settings.ts";

const log = getLogger(["telemetra", "consume"]);

/**
 * Reads the topics until the limit, the end (with exitAtEnd) or the signal. Connects with the
 * retry policy of `settings`; throws KafkaError for a missing topic or partition, an unreachable
 * broker, a signal while still connecting (exit 130) or anything else Kafka refuses.
 */
export async function consumeRecords(
  kafka: Kafka,
  settings: KafkaSettings,
  request: ConsumeRequest,
): Promise<ConsumeResult> {
  const context: KafkaErrorContext = { brokers: settings.brokers, security: settings.security };
  // A signal while still connecting throws an interrupted KafkaError (exit 130), as in produce.
  const plan = await planPartitions(kafka, settings, context, request);
  const ends = new Map(plan.map((p) => [partitionKey(p.topic, p.partition), p.high]));
  const starts = new Map(plan.map((p) => [partitionKey(p.topic, p.partition), p.from]));
  const tracker = request.exitAtEnd ? new EndTracker(ends, starts) : undefined;
  if (tracker?.done()) {
    log.info("Nothing to read: every partition is already at its end");
    return { reason: "end", partitions: plan.length };
  }
  if (request.signal.aborted) return { reason: "signal", partitions: plan.length };
  return await runConsumer(kafka, settings, context, request, plan, tracker);
}

/**
 * Fetch sizes: larger ones did not read faster here (kafkajs decoding and our formatting are the
 * limit) but grew memory; a record larger than them still arrives whole (Kafka returns at least
 * one batch). Short waits so -e and signals are answered quickly.
 */
const FETCH = {
  maxBytes: 4 * 1024 * 1024,
  maxBytesPerPartition: 1024 * 1024,
  maxWaitTimeInMs: 250,
} as const;

async function runConsumer(
  kafka: Kafka,
  settings: KafkaSettings,
  context: KafkaErrorContext,
  request: ConsumeRequest,
  plan: readonly PartitionPlan[],
  tracker: EndTracker | undefined,
): Promise<ConsumeResult> {
  const grouped = request.groupId !== undefined;
  const assignment: Record<string, number[]> = {};
  for (const p of plan) (assignment[p.topic] ??= []).push(p.partition);
  const consumer = kafka.consumer({
    groupId: request.groupId ?? `telemetra-mock-consume-${crypto.randomUUID()}`,
    allowAutoTopicCreation: false,
    ...FETCH,
    ...(grouped ? {} : { partitionAssigners: [fixedAssigner(assignment)] }),
  });

  let stopped: { reason: StopReason } | { error: unknown } | undefined;
  let wake: () => void = () => {};
  const finished = new Promise<void>((resolve) => (wake = resolve));
  const finish = (outcome: { reason: StopReason } | { error: unknown }) => {
    stopped ??= outcome;
    wake();
  };
  const onAbort = () => finish({ reason: "signal" });
  request.signal.addEventListener("abort", onAbort, { once: true });

  // Next offset to commit per partition (group mode), committed explicitly before leaving.
  const handled = new Map<string, { topic: string; partition: number; next: bigint }>();
  const planned = new Map(plan.map((p) => [partitionKey(p.topic, p.partition), p]));
  const positioned = new Set<string>();
  let started = false;
  const advance = (topic: string, partition: number, next: bigint) => {
    if (tracker === undefined) return;
    const wasFinished = tracker.finished(topic, partition);
    tracker.advance(topic, partition, next);
    if (!wasFinished && tracker.finished(topic, partition)) {
      request.onPartitionEnd?.(topic, partition);
    }
    if (tracker.done()) finish({ reason: "end" });
  };

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const keys = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
      partitions.map((p) => partitionKey(topic, p))
    );
    log.debug("Joined {groupId} with {count} partitions", {
      groupId: payload.groupId,
      count: keys.length,
    });
    if (grouped) tracker?.assign(keys);
    // Position the partitions now: kafkajs emits this synchronously after joining and before
    // its first fetch, also when it rejoins after a crash (e.g. the offsets topic not ready on
    // a brand-new cluster), when a seek right after run() would find no consumer group.
    for (const key of keys) {
      const p = planned.get(key);
      if (p === undefined) continue;
      const next = handled.get(key)?.next;
      // A group resumes from its commits once it has handled something; without a group
      // nothing is committed, so reading continues after what was already printed.
      const offset = next !== undefined ? (grouped ? undefined : next) : p.start;
      if (offset === undefined || (grouped && positioned.has(key))) continue;
      positioned.add(key);
      consumer.seek({ topic: p.topic, partition: p.partition, offset: String(offset) });
    }
    if (!started) {
      started = true;
      const given = keys.flatMap((key) => planned.get(key) ?? []);
      request.onStarted?.(given.map(({ topic, partition, low, high, from, start }) => ({
        topic,
        partition,
        low,
        high,
        from,
        resumed: start === undefined,
      })));
      for (const p of given) {
        if (tracker?.finished(p.topic, p.partition)) request.onPartitionEnd?.(p.topic, p.partition);
      }
    }
  });
  // Batches made only of control records or aborted transactions never reach eachBatch.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (stopped === undefined) {
      advance(payload.topic, payload.partition, BigInt(payload.lastOffset) + 1n);
    }
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) {
      finish({ error: toKafkaError(payload.error, { ...context, action: "consume" }) });
    }
  });

  const eachBatch = ({ batch, resolveOffset, isRunning, isStale, pause }: EachBatchPayload) => {
    if (stopped !== undefined || !isRunning() || isStale()) return Promise.resolve();
    try {
      handleBatch(batch, resolveOffset, pause);
    } catch (error) {
      finish({ error });
    }
    return Promise.resolve();
  };

  const handleBatch = (
    batch: Batch,
    resolveOffset: (offset: string) => void,
    hold: () => () => void,
  ) => {
    const { topic, partition } = batch;
    const end = tracker?.endOf(topic, partition);
    let messages = batch.messages;
    let cut = false;
    if (end !== undefined && messages.length > 0 && BigInt(messages.at(-1)!.offset) >= end) {
      const keep = messages.findIndex((m) => BigInt(m.offset) >= end);
      messages = messages.slice(0, keep);
      cut = true;
    }
    const outcome = messages.length > 0
      ? request.onBatch({ topic, partition, messages }, hold)
      : { taken: 0, stop: false };
    if (outcome.taken > 0) {
      const last = messages[outcome.taken - 1]!.offset;
      resolveOffset(last);
      const key = partitionKey(topic, partition);
      handled.set(key, { topic, partition, next: BigInt(last) + 1n });
    }
    if (outcome.stop) return finish({ reason: "limit" });
    if (cut) advance(topic, partition, end!);
    else if (outcome.taken === messages.length) {
      advance(topic, partition, BigInt(batch.lastOffset()) + 1n);
    }
  };

  try {
    await connectWithRetry("consumer", () => consumer.connect(), settings, {
      signal: request.signal,
    });
    await consumer.subscribe({
      topics: [...new Set(plan.map((p) => p.topic))],
      fromBeginning: request.offset.kind === "beginning",
    });
    await consumer.run({
      autoCommit: grouped,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch,
    });
    if (request.signal.aborted) finish({ reason: "signal" });
    await finished;
    if (grouped && stopped !== undefined && !("error" in stopped)) {
      await commitHandled(consumer, handled);
    }
  } finally {
    request.signal.removeEventListener("abort", onAbort);
    await consumer.disconnect().catch((error) => {
      log.warn("Could not leave the consumer cleanly: {error}", { error: String(error) });
    });
  }
  if (stopped !== undefined && "error" in stopped) throw stopped.error;
  return { reason: (stopped as { reason: StopReason }).reason, partitions: plan.length };
}

async function commitHandled(
  consumer: Consumer,
  handled: ReadonlyMap<string, { topic: string; partition: number; next: bigint }>,
): Promise<void> {
  if (handled.size === 0) return;
  const offsets = [...handled.values()].map(({ topic, partition, next }) => ({
    topic,
    partition,
    offset: String(next),
  }));
  try {
    await consumer.commitOffsets(offsets);
  } catch (error) {
    throw new KafkaError(
      `could not commit the group's offsets: ${error instanceof Error ? error.message : error}`,
    );
  }
}
