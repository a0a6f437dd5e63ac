/**
 * Events the broker refuses: topics made beforehand (with Kafka's own tool) whose
 * max.message.bytes is below any batch of events, so every send fails with MESSAGE_TOO_LARGE.
 * produce must log the failures with topic and partition, count them and exit non-zero.
 */
import assert from "node:assert/strict";
import { createTopic } from "./kafka_tools.ts";
import { kcatCounts } from "../support/kcat.ts";
import { freshPrefix, produce, summaryOf, testBroker, topicsOf } from "./support.ts";

Deno.test("produce exits 1 and reports the failed count when the broker refuses events", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("refused");
  const topics = Object.values(topicsOf(prefix));
  await Promise.all(
    topics.map((topic) => createTopic(bootstrap, topic, 3, { "max.message.bytes": "100" })),
  );
  const result = await produce(bootstrap, prefix, ["--count", "50", "--rate", "0", "--seed", "3"]);

  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, / - INFO - All topics already exist\n/);
  assert.deepEqual(summaryOf(result.stderr), { generated: 50, delivered: 0, failed: 50 });
  assert.match(
    result.stderr,
    new RegExp(
      `ERROR - Could not deliver \\d+ events? to ${
        topics[0]!.replaceAll(".", "\\.")
      } \\(partition \\d\\): .*MESSAGE_TOO_LARGE`,
    ),
  );
  assert.match(
    result.stderr,
    /ERROR - 50 of 50 events were not acknowledged by Kafka \(failed 50, undelivered 0\)\n$/,
  );
  const counts = await kcatCounts(bootstrap, topics);
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 0);
});
