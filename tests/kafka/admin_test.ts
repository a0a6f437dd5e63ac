import assert from "node:assert/strict";
import { ExitCode, KafkaError } from "../../src/errors.ts";
import { ensureTopics, openAdmin, partitionCounts } from "../../src/kafka/admin.ts";
import { createKafka } from "../../src/kafka/client.ts";
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from "../../src/kafka/settings.ts";
import { freshTopic, testBroker } from "../support/broker.ts";
import { kcatPartitionCount } from "./kafka_tools.ts";
import { captureLogs, linesAt } from "./log_capture.ts";

async function withAdmin<T>(
  body: (admin: Awaited<ReturnType<typeof openAdmin>>, settings: KafkaSettings) => Promise<T>,
): Promise<T> {
  const { bootstrap } = await testBroker();
  const settings = {
    ...DEFAULT_KAFKA_SETTINGS,
    brokers: [bootstrap],
    retries: 3,
    retryDelayMs: 200,
  };
  const admin = await openAdmin(createKafka(settings), settings);
  try {
    return await body(admin, settings);
  } finally {
    await admin.disconnect();
  }
}

Deno.test("ensureTopics() creates missing topics with 3 partitions, then says they all exist", async () => {
  await withAdmin(async (admin, settings) => {
    const topics = [freshTopic("chat"), freshTopic("viewer")];
    const layout = { partitions: 3, replicationFactor: 1 };

    const first = await captureLogs(() => ensureTopics(admin, topics, layout, settings));
    assert.deepEqual(first.result.created, topics);
    assert.deepEqual(first.result.existing, []);
    assert.deepEqual(first.result.partitions, new Map(topics.map((t) => [t, 3])));
    assert.deepEqual(linesAt(first.lines, "info"), [
      `Created topics: ${topics.join(", ")} (3 partitions, replication factor 1)`,
    ]);
    const bootstrap = settings.brokers[0]!;
    for (const topic of topics) assert.equal(await kcatPartitionCount(bootstrap, topic), 3);

    const second = await captureLogs(() => ensureTopics(admin, topics, layout, settings));
    assert.deepEqual(second.result.created, []);
    assert.deepEqual(second.result.existing, topics);
    assert.deepEqual(linesAt(second.lines, "info"), ["All topics already exist"]);
  });
});

Deno.test("ensureTopics() creates only what is missing, with the partitions asked for", async () => {
  await withAdmin(async (admin, settings) => {
    const [old, fresh] = [freshTopic("old"), freshTopic("fresh")];
    await ensureTopics(admin, [old], { partitions: 1, replicationFactor: 1 }, settings);
    const { lines, result } = await captureLogs(() =>
      ensureTopics(admin, [old, fresh], { partitions: 5, replicationFactor: 1 }, settings)
    );
    assert.deepEqual(result.created, [fresh]);
    assert.deepEqual(result.partitions, new Map([[old, 1], [fresh, 5]]));
    assert.deepEqual(linesAt(lines, "info"), [
      `Created topics: ${fresh} (5 partitions, replication factor 1)`,
    ]);
  });
});

Deno.test("ensureTopics() explains a replication factor the cluster cannot give, exit 1", async () => {
  await withAdmin(async (admin, settings) => {
    const topic = freshTopic("rf");
    await assert.rejects(
      ensureTopics(admin, [topic], { partitions: 3, replicationFactor: 3 }, settings),
      (error: unknown) => {
        assert.ok(error instanceof KafkaError);
        assert.equal(error.exitCode, ExitCode.Failure);
        assert.equal(
          error.message,
          `cannot create topic ${topic} with replication factor 3: the cluster has fewer brokers (INVALID_REPLICATION_FACTOR)`,
        );
        return true;
      },
    );
    assert.equal((await partitionCounts(admin, [topic], settings)).has(topic), false);
  });
});

Deno.test("partitionCounts() sees only topics that exist", async () => {
  await withAdmin(async (admin, settings) => {
    const [present, absent] = [freshTopic("present"), freshTopic("absent")];
    await ensureTopics(admin, [present], { partitions: 2, replicationFactor: 1 }, settings);
    assert.deepEqual(
      await partitionCounts(admin, [present, absent], settings),
      new Map([[present, 2]]),
    );
  });
});
