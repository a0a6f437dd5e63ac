/**
 * `consume` against the real broker: records written by foreign clients (kcat,
 * python3-confluent-kafka) are read back exactly, in every format, with kcat/rpk semantics.
 */
import assert from "node:assert/strict";
import { freshTopic, testBroker } from "../support/broker.ts";
import {
  createTopic,
  kcatProduce,
  kcatProduceBytes,
  lines,
  pythonProduce,
  runConsume,
} from "./kafka_helpers.ts";
import { goldenRecords, readGolden } from "./golden_records.ts";
import { ndjson, runCli } from "../support/cli.ts";
import { kcatRead, kcatTopicNames } from "../support/kcat.ts";

/** The shared test broker's bootstrap address (started on first use by the harness). */
const bootstrap = async () => (await testBroker()).bootstrap;

interface Envelope {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
  value_encoding?: string;
  valid?: boolean;
  errors?: string[];
}

const envelopes = (stdout: string): Envelope[] => lines(stdout).map((l) => JSON.parse(l));

function chatEvent(i: number, channel = "demo_stream") {
  return {
    message_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    channel,
    username: `user${i}`,
    message: `message ${i}`,
    timestamp: "2025-10-16T10:30:00.000000Z",
  };
}

/** `n` valid chat records spread over `partitions` partitions by kcat, numbered 0..n-1. */
async function fillTopic(B: string, topic: string, n: number, partitions = 3): Promise<void> {
  for (let p = 0; p < partitions; p++) {
    const mine = [...Array(n).keys()].filter((i) => i % partitions === p);
    if (mine.length === 0) continue;
    await kcatProduce(
      B,
      topic,
      mine.map((i) => `ch${p}\t${JSON.stringify(chatEvent(i, `ch${p}`))}`),
      {
        partition: p,
      },
    );
  }
}

Deno.test("consume reads back exactly the values produce --seed wrote, channel by channel", async () => {
  const B = await bootstrap();
  const prefix = `${freshTopic("seeded")}.`;
  const args = [
    "--seed",
    "42",
    "--count",
    "500",
    "--start",
    "2025-10-16T00:00:00Z",
    "--rate",
    "100",
    "--channels",
    "alpha,beta,gamma",
    "--topic-prefix",
    prefix,
  ];
  const produced = await runCli(["produce", "-b", B, ...args]);
  assert.equal(produced.code, 0, produced.stderr);
  const expected = ndjson(
    (await runCli(["produce", "--stdout", "--envelope", ...args])).stdout,
  ) as {
    topic: string;
    key: string;
    value: unknown;
  }[];
  assert.equal(expected.length, 500);
  const run = await runConsume(B, [
    "--topic-prefix",
    prefix,
    "-o",
    "beginning",
    "-e",
    "-f",
    "json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const got = envelopes(run.stdout);
  assert.equal(got.length, 500);
  // Kafka keeps order per partition, and all events of a channel share one partition.
  const byStream = (records: { topic: string; key: string | null; value: unknown }[]) => {
    const streams = new Map<string, unknown[]>();
    for (const r of records) {
      const id = `${r.topic} ${r.key}`;
      streams.set(id, [...(streams.get(id) ?? []), r.value]);
    }
    return Object.fromEntries([...streams].sort(([a], [b]) => a < b ? -1 : 1));
  };
  assert.deepEqual(byStream(got), byStream(expected));
  assert.match(run.stderr, /Consumed 500 records in /);
});

Deno.test("consume with a limit prints exactly that many records and stops", async () => {
  const B = await bootstrap();
  const topic = freshTopic("limit");
  await createTopic(B, topic, 3);
  await fillTopic(B, topic, 30);
  const run = await runConsume(B, [topic, "7", "-o", "beginning", "-f", "json"]);
  assert.equal(run.code, 0, run.stderr);
  const got = envelopes(run.stdout);
  assert.equal(got.length, 7);
  assert.ok(got.every((e) => e.topic === topic));
  assert.match(run.stderr, /Consumed 7 records in /);
});

Deno.test("consume -e ends at the end offsets seen at start while a producer keeps writing", async () => {
  const B = await bootstrap();
  const topic = freshTopic("busy");
  await createTopic(B, topic, 3);
  await fillTopic(B, topic, 60);
  let writing = true;
  let written = 0;
  const writer = (async () => {
    while (writing) {
      await kcatProduce(B, topic, [...Array(20).keys()].map((i) => `k\t{"n":${i}}`), {
        partition: written % 3,
      });
      written++;
    }
  })();
  try {
    // Let the producer get going first, so the topic is busy when consume starts.
    const deadline = Date.now() + 10_000;
    while (written < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(written >= 2, "the background producer did not write");
    const run = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "json"], {
      timeoutMs: 30_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const got = envelopes(run.stdout);
    assert.ok(got.length >= 100, `only ${got.length} records`);
    for (let p = 0; p < 3; p++) {
      const offsets = got.filter((e) => e.partition === p).map((e) => e.offset);
      assert.deepEqual(offsets, offsets.map((_, i) => i), `partition ${p} has gaps`);
    }
  } finally {
    writing = false;
    await writer;
  }
});

Deno.test("consume shows kcat's non-JSON line and invalid event raw, and counts them", async () => {
  const B = await bootstrap();
  const topic = `${freshTopic("kcat")}.chat`;
  await createTopic(B, topic, 1);
  const bad = { ...chatEvent(2), message_id: "not-a-uuid" };
  await kcatProduce(B, topic, [
    `demo_stream\t${JSON.stringify(chatEvent(1))}`,
    "demo_stream\tthis is not JSON",
    `demo_stream\t${JSON.stringify(bad)}`,
  ]);
  const run = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "pretty"]);
  assert.equal(run.code, 0, run.stderr);
  const out = lines(run.stdout);
  assert.equal(out.length, 3);
  assert.equal(out[0], "10:30:00 #demo_stream <user1> message 1");
  assert.match(
    out[1]!,
    new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${topic}/0@1 key=demo_stream not JSON: this is not JSON$`),
  );
  assert.equal(out[2], "10:30:00 #demo_stream <user2> message 2");
  assert.match(
    run.stderr,
    new RegExp(`${topic.replaceAll(".", "\\.")} +3 .* chat_message 2, not JSON 1\\n`),
  );
});

Deno.test("consume --validate exits 1 naming the offsets of kcat's bad records", async () => {
  const B = await bootstrap();
  const topic = `${freshTopic("validate")}.chat`;
  await createTopic(B, topic, 1);
  await kcatProduce(B, topic, [
    `demo_stream\t${JSON.stringify(chatEvent(1))}`,
    "demo_stream\tthis is not JSON",
    `demo_stream\t${JSON.stringify({ ...chatEvent(2), message_id: "not-a-uuid" })}`,
  ]);
  const run = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "json", "--validate"]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, new RegExp(`invalid record ${topic}/0@1: value is not JSON\\n`));
  assert.match(
    run.stderr,
    new RegExp(
      `invalid record ${topic}/0@2: /message_id: must match format "uuid" \\(format, "not-a-uuid"\\)\\n`,
    ),
  );
  assert.match(run.stderr, / +3 +\d+ +[\d.]+ +1 +2 +chat_message 2, not JSON 1\n/);
  assert.match(run.stderr, /error: 2 of 3 records failed validation\n$/);
  assert.deepEqual(envelopes(run.stdout).map((e) => e.valid), [true, false, false]);
});

Deno.test("consume -g commits what it printed and the group resumes there", async () => {
  const B = await bootstrap();
  const topic = freshTopic("group");
  const group = freshTopic("group");
  await createTopic(B, topic, 3);
  await fillTopic(B, topic, 30);
  const first = await runConsume(B, [topic, "10", "-g", group, "-o", "beginning", "-f", "json"]);
  assert.equal(first.code, 0, first.stderr);
  const second = await runConsume(B, [topic, "10", "-g", group, "-f", "json"]);
  assert.equal(second.code, 0, second.stderr);
  const rest = await runConsume(B, [topic, "-g", group, "-e", "-f", "json"]);
  assert.equal(rest.code, 0, rest.stderr);
  const seen = [first, second, rest].flatMap((r) => envelopes(r.stdout)).map((e) =>
    (e.value as { username: string }).username
  );
  assert.equal(seen.length, 30);
  assert.deepEqual([...seen].sort(), [...Array(30).keys()].map((i) => `user${i}`).sort());
});

Deno.test("consume without a group commits nothing: the next run starts over", async () => {
  const B = await bootstrap();
  const topic = freshTopic("nogroup");
  await createTopic(B, topic, 1);
  await fillTopic(B, topic, 5, 1);
  const a = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "value"]);
  const b = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "value"]);
  assert.equal(lines(a.stdout).length, 5);
  assert.equal(a.stdout, b.stdout);
});

Deno.test("consume's json output parses line by line and round-trips through kcat -P", async () => {
  const B = await bootstrap();
  const source = freshTopic("json-src");
  const copy = freshTopic("json-copy");
  await createTopic(B, source, 1);
  await createTopic(B, copy, 1);
  const golden = goldenRecords();
  await pythonProduce(
    B,
    source,
    golden.map((r) => ({
      key: r.key,
      value_base64: r.value_base64 ??
        (r.value === null || r.value === undefined
          ? null
          : btoa(String.fromCharCode(...new TextEncoder().encode(r.value)))),
      timestamp: r.timestamp,
      headers: { event_type: "x" },
    })),
  );
  const run = await runConsume(B, [source, "-o", "beginning", "-e"]); // piped: json by default
  assert.equal(run.code, 0, run.stderr);
  const got = envelopes(run.stdout);
  assert.equal(got.length, golden.length);
  got.forEach((e, i) => {
    const want = golden[i]!;
    assert.equal(e.offset, i);
    assert.equal(e.timestamp, want.timestamp);
    assert.equal(e.key, want.key);
    assert.deepEqual(e.headers, { event_type: "x" });
    if (want.value_base64 !== undefined) {
      assert.equal(e.value_encoding, "base64");
      assert.equal(e.value, want.value_base64);
    } else if (want.value === null || want.value === undefined) {
      assert.equal(e.value, null);
    } else if (e.value_encoding === "text") {
      assert.equal(e.value, want.value);
    } else {
      assert.deepEqual(e.value, JSON.parse(want.value));
    }
  });
  // Feed the embedded JSON values back through kcat, as a jq | kcat -P pipeline would.
  const jsonValues = got.filter((e) => e.value !== null && e.value_encoding === undefined);
  await kcatProduce(B, copy, jsonValues.map((e) => `${e.key ?? ""}\t${JSON.stringify(e.value)}`));
  const back = await kcatRead(B, copy);
  assert.deepEqual(back.map((r) => JSON.parse(r.payload!)), jsonValues.map((e) => e.value));
});

Deno.test("consume's pretty output for every event type read from Kafka matches the golden sample", async () => {
  const B = await bootstrap();
  const topic = freshTopic("golden");
  await createTopic(B, topic, 1);
  const golden = goldenRecords();
  await pythonProduce(
    B,
    topic,
    golden.map((r) => ({
      key: r.key,
      value_base64: r.value_base64 ??
        (r.value === null || r.value === undefined
          ? null
          : btoa(String.fromCharCode(...new TextEncoder().encode(r.value)))),
      timestamp: r.timestamp,
    })),
  );
  const run = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "pretty"]);
  assert.equal(run.code, 0, run.stderr);
  // One topic here, four in the sample: raw lines name the topic they came from.
  const expected = readGolden("pretty.txt", "").replace(
    /telemetra\.events\.(chat|viewer|transactions|stream_meta)\/0@/g,
    `${topic}/0@`,
  );
  assert.equal(run.stdout, expected);
});

Deno.test("consume -p reads only the partitions asked for", async () => {
  const B = await bootstrap();
  const topic = freshTopic("partitions");
  await createTopic(B, topic, 3);
  await fillTopic(B, topic, 12);
  const run = await runConsume(B, [topic, "-p", "1,2", "-o", "beginning", "-e", "-f", "json"]);
  assert.equal(run.code, 0, run.stderr);
  const got = envelopes(run.stdout);
  assert.equal(got.length, 8);
  assert.deepEqual([...new Set(got.map((e) => e.partition))].sort(), [1, 2]);
});

Deno.test("consume -o -N reads the last N records of each partition", async () => {
  const B = await bootstrap();
  const topic = freshTopic("tail");
  await createTopic(B, topic, 3);
  await fillTopic(B, topic, 30);
  const run = await runConsume(B, [topic, "-o", "-2", "-e", "-f", "json"]);
  assert.equal(run.code, 0, run.stderr);
  const got = envelopes(run.stdout);
  assert.equal(got.length, 6);
  assert.ok(got.every((e) => e.offset === 8 || e.offset === 9));
});

Deno.test("consume of a topic that does not exist fails at once and does not create it", async () => {
  const B = await bootstrap();
  const topic = freshTopic("missing");
  const run = await runConsume(B, [topic, "-e"]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr.trim().split("\n").at(-1), `error: topic ${topic} does not exist`);
  assert.ok(!run.stderr.includes("    at "), "no stack trace");
  assert.ok(!(await kcatTopicNames(B)).includes(topic), "the topic was auto-created");
});

Deno.test("consume against a closed port gives the one-line connection error and exit 1", async () => {
  const run = await runConsume("127.0.0.1:1", ["-e"]);
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr.trim().split("\n").at(-1),
    "error: cannot reach Kafka at 127.0.0.1:1 after 2 attempts (connection refused)",
  );
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test(`consume on ${signal} prints its statistics, commits and leaves the group, exit 0`, async () => {
    const B = await bootstrap();
    const topic = freshTopic(signal.toLowerCase());
    const group = freshTopic(signal.toLowerCase());
    await createTopic(B, topic, 1);
    await fillTopic(B, topic, 5, 1);
    const run = await runConsume(B, [topic, "-g", group, "-o", "beginning", "-f", "json"], {
      signalAfterLines: { lines: 5, signal },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(envelopes(run.stdout).length, 5);
    assert.match(run.stderr, /Consumed 5 records in /);
    // Everything printed was committed: the group has nothing left to read.
    const again = await runConsume(B, [topic, "-g", group, "-e", "-f", "json"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(envelopes(again.stdout).length, 0);
  });
}

Deno.test("consume stops quietly with exit 0 when the reader of its output goes away", async () => {
  const B = await bootstrap();
  const topic = freshTopic("head");
  await createTopic(B, topic, 1);
  await fillTopic(B, topic, 2000, 1);
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const out = await new Deno.Command("bash", {
    args: [
      "-c",
      `"$0" run -A --quiet "$1" consume -q -b "$2" "$3" -o beginning | head -n 1; echo "exit \${PIPESTATUS[0]}"`,
      Deno.execPath(),
      main,
      B,
      topic,
    ],
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const [first, status] = lines(text);
  assert.equal(JSON.parse(first!).offset, 0);
  assert.equal(status, "exit 0");
  assert.equal(new TextDecoder().decode(out.stderr), "");
});

Deno.test("consume rejects bad flags with a usage error, exit 2", async () => {
  const B = await bootstrap();
  for (
    const [args, message] of [
      [
        ["-o", "soon"],
        '--offset must be beginning, end, an offset N, -N (N before the end) or +N (N after the beginning), got "soon"',
      ],
      [["-f", "xml"], '--format must be one of pretty, json, value, got "xml"'],
      [
        ["-p", "0", "-g", "g"],
        "--partitions cannot be combined with --group: the group assigns partitions to its members",
      ],
      [["t", "0"], 'limit must be an integer from 1 to 9007199254740991, got "0"'],
    ] as const
  ) {
    const run = await runConsume(B, args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.equal(run.stderr.trim(), `error: ${message}`);
  }
});

Deno.test("consume of a binary value written by kcat shows it as base64", async () => {
  const B = await bootstrap();
  const topic = freshTopic("binary");
  await createTopic(B, topic, 1);
  await kcatProduceBytes(B, topic, "k", new Uint8Array([0xff, 0x00, 0x80]));
  const run = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "json"]);
  assert.equal(run.code, 0, run.stderr);
  const [e] = envelopes(run.stdout);
  assert.equal(e!.value, "/wCA");
  assert.equal(e!.value_encoding, "base64");
});

Deno.test("consume reads a 10 MB value whole and shows it cut in pretty output", async () => {
  const B = await bootstrap();
  const topic = freshTopic("huge");
  await createTopic(B, topic, 1, { "max.message.bytes": "20000000" });
  const size = 10 * 1024 * 1024;
  await kcatProduceBytes(B, topic, "k", new Uint8Array(size).fill(0x61));
  const json = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "json"]);
  assert.equal(json.code, 0, json.stderr);
  const [e] = envelopes(json.stdout);
  assert.equal((e!.value as string).length, size);
  assert.equal(e!.value_encoding, "text");
  const pretty = await runConsume(B, [topic, "-o", "beginning", "-e", "-f", "pretty"]);
  assert.equal(pretty.code, 0, pretty.stderr);
  assert.match(
    pretty.stdout,
    new RegExp(
      `^\\d\\d:\\d\\d:\\d\\d ${topic}/0@0 key=k not JSON: a{400} … \\(10,485,760 bytes in all\\)\\n$`,
    ),
  );
});
