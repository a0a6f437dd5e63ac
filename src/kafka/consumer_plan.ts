/**
 * Before consuming: which partitions to read and from where. Checks that every topic (and asked
 * partition) exists without ever creating one, reads the low/high offsets and, for a group, its
 * commits. Also the fixed assignment that stands in for kcat's `assign`, which kafkajs lacks.
 */
// First: kafkajs must not load before its grouping is replaced (see grouping_fix.ts).
import "./grouping_fix.ts";
import { Buffer } from "node:buffer";
import { getLogger } from "@logtape/logtape";
import { type Admin, AssignerProtocol, type Kafka, type PartitionAssigner } from "kafkajs";
import { KafkaError } from "../errors.ts";
import { openAdmin } from "./admin.ts";
import type { ConsumeRequest } from "./consumer_types.ts";
import { partitionKey } from "./end_tracker.ts";
import { type KafkaErrorContext, toKafkaError } from "./errors.ts";
import { describeOffsetSpec, startOffset } from "./offset_spec.ts";
import type { KafkaSettings } from "./settings.ts";

const log = getLogger(["telemetra", "consume"]);

/** One partition to read. */
export interface PartitionPlan {
  readonly topic: string;
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
  /** First offset to read; undefined when the group resumes from its commit. */
  readonly start: bigint | undefined;
  /** Where reading effectively begins (the commit, or `start`). */
  readonly from: bigint;
}

/** The partitions of the request with their bounds and start offsets. */
export async function planPartitions(
  kafka: Kafka,
  settings: KafkaSettings,
  context: KafkaErrorContext,
  request: ConsumeRequest,
): Promise<PartitionPlan[]> {
  const admin = await openAdmin(kafka, settings, { signal: request.signal });
  try {
    return await planWith(admin, request);
  } catch (error) {
    throw toKafkaError(error, { ...context, action: "read the topics' offsets" });
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function planWith(admin: Admin, request: ConsumeRequest): Promise<PartitionPlan[]> {
  const existing = new Set(await admin.listTopics());
  for (const topic of request.topics) {
    if (!existing.has(topic)) throw new KafkaError(`topic ${topic} does not exist`);
  }
  const committed = new Map<string, bigint>();
  if (request.groupId !== undefined) {
    const offsets = await admin.fetchOffsets({
      groupId: request.groupId,
      topics: [...request.topics],
    });
    for (const { topic, partitions } of offsets) {
      for (const { partition, offset } of partitions) {
        const n = BigInt(offset);
        if (n >= 0n) committed.set(partitionKey(topic, partition), n);
      }
    }
  }
  const plan: PartitionPlan[] = [];
  for (const topic of request.topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const known = new Set(offsets.map((o) => o.partition));
    for (const wanted of request.partitions ?? []) {
      if (!known.has(wanted)) {
        throw new KafkaError(
          `partition ${wanted} does not exist in topic ${topic} (it has ${known.size})`,
        );
      }
    }
    for (const { partition, low, high } of offsets.sort((a, b) => a.partition - b.partition)) {
      if (request.partitions && !request.partitions.includes(partition)) continue;
      const bounds = { low: BigInt(low), high: BigInt(high) };
      const resumed = committed.get(partitionKey(topic, partition));
      const start = resumed === undefined ? startOffset(request.offset, bounds) : undefined;
      const from = resumed === undefined ? start! : resumed < bounds.low ? bounds.low : resumed;
      plan.push({ topic, partition, ...bounds, start, from });
    }
  }
  log.debug("Consuming {partitions} partitions from offset {offset}{group}", {
    partitions: plan.length,
    offset: describeOffsetSpec(request.offset),
    group: request.groupId === undefined ? "" : ` in group ${request.groupId}`,
  });
  return plan;
}

const ASSIGNER = "TelemetraFixed";

/** Gives every planned partition to the first member: kcat's `assign` without a real group. */
export function fixedAssigner(assignment: Record<string, number[]>): PartitionAssigner {
  return () => ({
    name: ASSIGNER,
    version: 1,
    assign({ members }) {
      return Promise.resolve(members.map((member, i) => ({
        memberId: member.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: i === 0 ? assignment : {},
          userData: Buffer.alloc(0),
        }),
      })));
    },
    protocol({ topics }) {
      return {
        name: ASSIGNER,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 1,
          topics,
          userData: Buffer.alloc(0),
        }),
      };
    },
  });
}
