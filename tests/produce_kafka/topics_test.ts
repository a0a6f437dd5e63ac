/** Topic creation: created once with the asked partitions, then "All topics already exist". */
import assert from "node:assert/strict";
import { kcatCounts, kcatPartitionCount, kcatTopicNames } from "../support/kcat.ts";
import { assertOk, freshPrefix, produce, testBroker, topicsOf } from "./support.ts";

Deno.test("produce creates missing topics once and says all topics already exist on the next run", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("topics");
  const renamed = `${prefix}renamed-chat`;
  const topics = { ...topicsOf(prefix), chat: renamed };
  const args = ["--count", "30", "--rate", "0", "--partitions", "2", "--topic", `chat=${renamed}`];

  const first = await produce(bootstrap, prefix, args);
  assertOk(first);
  assert.match(first.stderr, /Created topics: .* \(2 partitions, replication factor 1\)/);
  assert.doesNotMatch(first.stderr, /All topics already exist/);
  for (const topic of Object.values(topics)) {
    assert.equal(await kcatPartitionCount(bootstrap, topic), 2, topic);
  }

  const second = await produce(bootstrap, prefix, args);
  assertOk(second);
  assert.match(second.stderr, / - INFO - All topics already exist\n/);
  assert.doesNotMatch(second.stderr, /Created topics/);

  const counts = await kcatCounts(bootstrap, Object.values(topics));
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 60);
  assert.ok(counts[renamed]! > 0, "chat went to the renamed topic");
  const existing = (await kcatTopicNames(bootstrap)).filter((t) => t.startsWith(prefix)).sort();
  assert.deepEqual(existing, Object.values(topics).sort());
});
