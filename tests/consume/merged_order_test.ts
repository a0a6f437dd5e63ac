/**
 * `consume -e -f pretty` against the real broker: the records of every partition and topic come
 * out merged by event time, also when one partition is far ahead and has to be held back.
 */
import assert from "node:assert/strict";
import { freshTopic, testBroker } from "../support/broker.ts";
import { createTopic, kcatProduce, lines, runConsume } from "./kafka_helpers.ts";

const T0 = Date.UTC(2025, 9, 16, 10, 0, 0);

function chatLine(i: number, padding = ""): string {
  return `ch\t${
    JSON.stringify({
      message_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      channel: "ch",
      username: "user",
      message: `said ${i}${padding}`,
      timestamp: new Date(T0 + i * 1000).toISOString(),
    })
  }`;
}

function viewerLine(i: number): string {
  return `ch\t${
    JSON.stringify({
      event_id: `00000000-0000-4000-9000-${String(i).padStart(12, "0")}`,
      channel: "ch",
      viewer_count: i,
      timestamp: new Date(T0 + i * 1000).toISOString(),
    })
  }`;
}

/** The event number each pretty line shows (`said 7`, `viewers 7`). */
function numbers(stdout: string): number[] {
  return lines(stdout).map((line) => {
    const match = / (?:said|viewers) (\d+)/.exec(line);
    assert.ok(match, `unexpected line: ${line}`);
    return Number(match[1]);
  });
}

Deno.test("consume -e -f pretty prints the partitions of several topics merged by event time", async () => {
  const { bootstrap } = await testBroker();
  const chat = freshTopic("merge-chat");
  const viewer = freshTopic("merge-viewer");
  await createTopic(bootstrap, chat, 3);
  await createTopic(bootstrap, viewer, 2);
  // Event i happens at T0 + i s; every fourth is a viewer count, the rest chat, spread over the
  // partitions so that reading partition by partition would jump back and forth in time.
  const events = [...Array(120).keys()];
  for (let p = 0; p < 3; p++) {
    const mine = events.filter((i) => i % 4 !== 3 && i % 3 === p);
    await kcatProduce(bootstrap, chat, mine.map((i) => chatLine(i)), { partition: p });
  }
  for (let p = 0; p < 2; p++) {
    const mine = events.filter((i) => i % 4 === 3 && i % 2 === p);
    await kcatProduce(bootstrap, viewer, mine.map(viewerLine), { partition: p });
  }

  const merged = await runConsume(bootstrap, [
    chat,
    viewer,
    "-o",
    "beginning",
    "-e",
    "-f",
    "pretty",
  ]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(numbers(merged.stdout), events);

  // The limit takes the earliest records of all partitions, not the first partition's.
  const first = await runConsume(bootstrap, [
    chat,
    viewer,
    "-o",
    "beginning",
    "-e",
    "-f",
    "pretty",
    "5",
  ]);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(numbers(first.stdout), [0, 1, 2, 3, 4]);
});

Deno.test("consume -e -f pretty holds back a partition far ahead and still prints every record in order", async () => {
  const { bootstrap } = await testBroker();
  const topic = freshTopic("merge-skew");
  await createTopic(bootstrap, topic, 2);
  // Partition 1 holds the second half of the timeline. Values of about 1 KB make each fetch bring
  // about a thousand records, so partition 1 runs far ahead of what can be printed.
  const padding = " " + "x".repeat(900);
  // 5,000 a partition: a few fetches of partition 1 (about 1,000 records each) pile up past the
  // 2,000-record hold-back threshold whatever the fetch sizes (3,000 sat right at it).
  const n = 5000;
  await kcatProduce(bootstrap, topic, [...Array(n).keys()].map((i) => chatLine(i, padding)), {
    partition: 0,
  });
  await kcatProduce(
    bootstrap,
    topic,
    [...Array(n).keys()].map((i) => chatLine(n + i, padding)),
    { partition: 1 },
  );
  const run = await runConsume(bootstrap, [
    topic,
    "-o",
    "beginning",
    "-e",
    "-f",
    "pretty",
    "--log-level",
    "DEBUG",
  ]);
  assert.equal(run.code, 0, run.stderr.slice(-2000));
  assert.deepEqual(numbers(run.stdout), [...Array(2 * n).keys()]);
  assert.match(run.stderr, new RegExp(`Holding ${topic}/1 back: \\d+ records wait`));
  assert.match(run.stderr, new RegExp(`Reading ${topic}/1 again`));
});
