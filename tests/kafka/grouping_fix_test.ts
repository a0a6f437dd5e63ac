import assert from "node:assert/strict";
import kafkajsGrouping from "kafkajs/src/producer/groupMessagesPerPartition.js";
import { memoisedPartitioner } from "../../src/kafka/batching.ts";
import { type GroupingArgs, groupMessagesPerPartition } from "../../src/kafka/grouping_fix.ts";
import { runEntry } from "./run_entry.ts";

interface Message {
  key: string;
  value: string;
}

const ROOT = new URL("../../", import.meta.url);

Deno.test("groupMessagesPerPartition() groups as kafkajs does, keeping each partition's order", () => {
  // kafkajs' partitioner type wants its full partition metadata; these have what it reads.
  const partitioner = memoisedPartitioner() as unknown as GroupingArgs<Message>["partitioner"];
  const theirs = kafkajsGrouping as typeof groupMessagesPerPartition;
  assert.notEqual(theirs, groupMessagesPerPartition, "kafkajs' own function, not the replacement");
  for (const count of [0, 1, 3, 12]) {
    const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
      partitionId,
      leader: 0,
    }));
    const messages: Message[] = Array.from({ length: 700 }, (_, i) => ({
      key: `channel_${(i * 7919) % 13}`,
      value: String(i),
    }));
    const args = { topic: "t", partitionMetadata, messages, partitioner };
    const ours = groupMessagesPerPartition(args);
    assert.deepEqual(ours, theirs(args));
    if (count > 0) {
      assert.equal(Object.values(ours).reduce((n, group) => n + group.length, 0), messages.length);
    }
  }
});

Deno.test("every module of src/ that loads kafkajs loads grouping_fix.ts first", async () => {
  const offenders: string[] = [];
  for await (const entry of Deno.readDir(new URL("src/kafka/", ROOT))) {
    if (!entry.name.endsWith(".ts") || entry.name === "grouping_fix.ts") continue;
    const source = await Deno.readTextFile(new URL(`src/kafka/${entry.name}`, ROOT));
    const imports = [...source.matchAll(/^import (?!type )[^;]*?["']([^"']+)["'];/gms)].map((m) =>
      m[1]!
    );
    const kafkajs = imports.findIndex((s) => s === "kafkajs" || s.startsWith("kafkajs/"));
    if (kafkajs >= 0 && imports[0] !== "./grouping_fix.ts") offenders.push(entry.name);
  }
  assert.deepEqual(offenders, []);
});

Deno.test("the program's module graph installs the one-pass grouping before kafkajs loads", async () => {
  const { code, stdout, stderr } = await runEntry("grouping_fix_entry.ts", ["-A"]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, "installed\n");
});
