import assert from "node:assert/strict";
import { resolveConsumeConfig, splitTopicsAndLimit } from "../../src/consume/options.ts";
import { UsageError } from "../../src/errors.ts";

const tty = { stdoutIsTerminal: true };
const pipe = { stdoutIsTerminal: false };
const resolve = (
  args: string[],
  flags: Record<string, unknown> = {},
  env: Record<string, string> = {},
  terminal = pipe,
) => resolveConsumeConfig(args, { flags, env, dotenv: {} }, terminal);

Deno.test("splitTopicsAndLimit() takes a trailing number as the limit, as the seed did", () => {
  assert.deepEqual(splitTopicsAndLimit([]), { topics: [], limit: undefined });
  assert.deepEqual(splitTopicsAndLimit(["telemetra.events.chat"]), {
    topics: ["telemetra.events.chat"],
    limit: undefined,
  });
  assert.deepEqual(splitTopicsAndLimit(["telemetra.events.chat", "100"]), {
    topics: ["telemetra.events.chat"],
    limit: 100,
  });
  assert.deepEqual(splitTopicsAndLimit(["25"]), { topics: [], limit: 25 });
});

Deno.test("resolveConsumeConfig() defaults to the four topics from the end, json when piped", () => {
  const config = resolve([]);
  assert.deepEqual(config.topics, [
    "telemetra.events.chat",
    "telemetra.events.viewer",
    "telemetra.events.transactions",
    "telemetra.events.stream_meta",
  ]);
  assert.deepEqual(config.offset, { kind: "end" });
  assert.equal(config.format, "json");
  assert.equal(config.color, false);
  assert.equal(config.limit, undefined);
  assert.equal(config.validate, false);
  assert.deepEqual(config.kafka.brokers, ["kafka:9092"]);
});

Deno.test("resolveConsumeConfig() is pretty and coloured on a terminal unless NO_COLOR or --no-color", () => {
  assert.equal(resolve([], {}, {}, tty).format, "pretty");
  assert.equal(resolve([], {}, {}, tty).color, true);
  assert.equal(resolve([], {}, { NO_COLOR: "1" }, tty).color, false);
  assert.equal(resolve([], { color: false }, {}, tty).color, false);
  assert.equal(resolve([], { format: "json" }, {}, tty).color, false);
});

Deno.test("resolveConsumeConfig() honours the topic prefix for the default topics", () => {
  const config = resolve([], {}, { TOPIC_PREFIX: "staging." });
  assert.equal(config.topics[0], "staging.chat");
  assert.equal(config.topicKinds.transaction, "staging.transactions");
});

Deno.test("resolveConsumeConfig() reads kcat-style flags", () => {
  const config = resolve(["a", "b", "a", "5"], {
    fromBeginning: true,
    exitAtEnd: true,
    partitions: "0,2",
    schema: "chat_message",
  });
  assert.deepEqual(config.topics, ["a", "b"]);
  assert.equal(config.limit, 5);
  assert.deepEqual(config.offset, { kind: "beginning" });
  assert.equal(config.exitAtEnd, true);
  assert.deepEqual(config.partitions, [0, 2]);
  assert.equal(config.validate, true, "--schema implies --validate");
  assert.equal(resolve([], { count: "9" }).limit, 9);
  assert.deepEqual(resolve([], { offset: "-10" }).offset, { kind: "fromEnd", count: 10n });
});

Deno.test("resolveConsumeConfig() refuses contradictions and bad values with one-line usage errors", () => {
  const cases: [string[], Record<string, unknown>, string][] = [
    [["t", "5"], { count: "6" }, "the limit 5 and --count 6 disagree; give only one"],
    [
      [],
      { fromBeginning: true, offset: "end" },
      "--from-beginning and --offset disagree; give only one",
    ],
    [
      [],
      { partitions: "0", group: "g" },
      "--partitions cannot be combined with --group: the group assigns partitions to its members",
    ],
    [[], { partitions: "x" }, '--partitions must list partition numbers such as 0,2, got "x"'],
    [[], { format: "yaml" }, '--format must be one of pretty, json, value, got "yaml"'],
    [[], { group: " " }, "--group must be a non-empty group name"],
    [
      ["bad topic!"],
      {},
      `"bad topic!" is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`,
    ],
  ];
  for (const [args, flags, message] of cases) {
    assert.throws(() => resolve(args, flags), (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.equal(e.message, message);
      return true;
    });
  }
});
