/**
 * The one hint of a consume that starts at the end: the words (pure), and, against the real
 * broker, that it comes once after a few quiet seconds and says how many records are there.
 */
import assert from "node:assert/strict";
import type { PartitionStart } from "../../src/kafka/consumer_types.ts";
import { WAITING_HINT_AFTER_MS, waitingHint } from "../../src/consume/waiting_hint.ts";
import { freshTopic, testBroker } from "../support/broker.ts";
import { spawnCli } from "../support/cli.ts";
import { createTopic, kcatProduce, lines } from "./kafka_helpers.ts";

function atEnd(topic: string, partition: number, low: bigint, high: bigint): PartitionStart {
  return { topic, partition, low, high, from: high, resumed: false };
}

Deno.test("waitingHint() counts the records --from-beginning would read, over every partition", () => {
  assert.equal(
    waitingHint(["telemetra.events.chat"], [
      atEnd("telemetra.events.chat", 0, 0n, 1000n),
      atEnd("telemetra.events.chat", 1, 100n, 334n),
    ]),
    "Waiting for new records on telemetra.events.chat; --from-beginning reads the 1,234 already there",
  );
  assert.equal(
    waitingHint(["a", "b", "c"], [atEnd("a", 0, 0n, 1n), atEnd("b", 0, 5n, 5n)]),
    "Waiting for new records on a, b and c; --from-beginning reads the one already there",
  );
});

Deno.test("waitingHint() says when the topics are empty", () => {
  assert.equal(
    waitingHint(["t"], [atEnd("t", 0, 0n, 0n), atEnd("t", 1, 7n, 7n)]),
    "Waiting for new records on t; it is empty so far (is a producer writing to it?)",
  );
  assert.equal(
    waitingHint(["t", "u"], [atEnd("t", 0, 0n, 0n), atEnd("u", 0, 0n, 0n)]),
    "Waiting for new records on t and u; they are empty so far (is a producer writing to them?)",
  );
});

Deno.test("waitingHint() has nothing to say when records are on their way or a group resumes", () => {
  const end = atEnd("t", 0, 0n, 10n);
  assert.equal(waitingHint(["t"], [end, { ...atEnd("t", 1, 0n, 10n), from: 9n }]), undefined);
  assert.equal(waitingHint(["t"], [{ ...end, resumed: true }]), undefined);
  assert.equal(waitingHint(["t"], []), undefined);
});

const HINT = /- INFO - (Waiting for new records on .*)\n/;

function consumeProcess(bootstrap: string, args: readonly string[]) {
  return spawnCli([
    "consume",
    "-b",
    bootstrap,
    "--retries",
    "2",
    "--retry-delay",
    "200ms",
    ...args,
  ]);
}

Deno.test("consume from the end of a quiet topic hints once at --from-beginning, then prints what comes", async () => {
  const { bootstrap } = await testBroker();
  const topic = freshTopic("quiet");
  await createTopic(bootstrap, topic, 3);
  for (let p = 0; p < 3; p++) {
    const n = p === 0 ? 412 : 411; // 1,234 in all
    await kcatProduce(
      bootstrap,
      topic,
      Array.from({ length: n }, (_, i) => `k${p}\t{"old":${i}}`),
      { partition: p },
    );
  }
  const child = consumeProcess(bootstrap, [topic, "10"]);
  try {
    const hint = await child.waitForStderr(HINT, 30_000);
    assert.equal(
      HINT.exec(hint)![1],
      `Waiting for new records on ${topic}; --from-beginning reads the 1,234 already there`,
    );
    assert.equal(child.stdout, "");
    // Once: more quiet seconds bring no second hint.
    await new Promise((resolve) => setTimeout(resolve, 2 * WAITING_HINT_AFTER_MS));
    assert.equal(child.stderr.match(new RegExp(HINT, "g"))?.length, 1, child.stderr);

    await kcatProduce(bootstrap, topic, ['k1\t{"new":1}'], { partition: 1 });
    await child.waitForOutput((out) => lines(out).length === 1, 30_000, "the new record");
  } finally {
    child.kill("SIGTERM");
  }
  const run = await child.finished(30_000);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(lines(run.stdout).map((l) => JSON.parse(l).value), [{ new: 1 }]);
  assert.equal(run.stderr.match(new RegExp(HINT, "g"))?.length, 1, run.stderr);
});

Deno.test("consume from the end of an empty topic hints that nothing is writing to it", async () => {
  const { bootstrap } = await testBroker();
  const topic = freshTopic("empty");
  await createTopic(bootstrap, topic, 2);
  const child = consumeProcess(bootstrap, [topic]);
  try {
    const hint = await child.waitForStderr(HINT, 30_000);
    assert.equal(
      HINT.exec(hint)![1],
      `Waiting for new records on ${topic}; it is empty so far (is a producer writing to it?)`,
    );
  } finally {
    child.kill("SIGTERM");
  }
  assert.equal((await child.finished(30_000)).code, 0);
});
