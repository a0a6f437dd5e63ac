/**
 * A fix for kafkajs 2.2.4's grouping of a send's messages by partition
 * (`src/producer/groupMessagesPerPartition.js`), which copies the partition's array for every
 * message (`[...current, message]`): quadratic in the messages per partition, and most of the
 * garbage produce still made once its Produce requests were encoded in one pass. A CPU profile of
 * `produce --rate 0` put 9 % of the time there; grouping in one pass took 17 % off produce's CPU.
 *
 * kafkajs exports no hook, and `sendMessages.js` binds the function once, when it is loaded. So
 * this module replaces the function in the CommonJS module cache before kafkajs is loaded: every
 * module of src/kafka that imports kafkajs imports this one first (tests/kafka/grouping_fix_test.ts
 * checks that, and that the program's own module graph installs it). Should kafkajs be loaded
 * first anyway (a program importing it directly), nothing changes: its own grouping stays.
 */
import Module from "node:module";
// Loads only this one file of kafkajs (it requires nothing), so that its cache entry exists.
import "kafkajs/src/producer/groupMessagesPerPartition.js";

/** What kafkajs passes: the topic, its partitions, the send's messages of it, the partitioner. */
export interface GroupingArgs<M> {
  readonly topic: string;
  readonly partitionMetadata: readonly unknown[];
  readonly messages: readonly M[];
  readonly partitioner: (
    args: { topic: string; partitionMetadata: readonly unknown[]; message: M },
  ) => number;
}

/** kafkajs' grouping, in one pass: partition → its messages, in their order. */
export function groupMessagesPerPartition<M>(
  { topic, partitionMetadata, messages, partitioner }: GroupingArgs<M>,
): Record<number, M[]> {
  const groups: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return groups;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (groups[partition] ??= []).push(message);
  }
  return groups;
}

const GROUPING_MODULE = "/src/producer/groupMessagesPerPartition.js";
const SEND_MESSAGES_MODULE = "/src/producer/sendMessages.js";

function install(): boolean {
  const cache = (Module as unknown as { _cache?: Record<string, { exports: unknown }> })._cache;
  if (cache === undefined) return false;
  const paths = Object.keys(cache).filter((path) => path.includes("kafkajs"));
  if (paths.some((path) => path.endsWith(SEND_MESSAGES_MODULE))) return false;
  const grouping = paths.find((path) => path.endsWith(GROUPING_MODULE));
  if (grouping === undefined) return false;
  cache[grouping]!.exports = groupMessagesPerPartition;
  return true;
}

/** Whether kafkajs' producers group with groupMessagesPerPartition above. */
export const groupingFixInstalled: boolean = install();
