import assert from "node:assert/strict";
import { ndjson, runCli } from "../support/cli.ts";

const START = "2025-10-16T00:00:00Z";

function oneLineError(stderr: string): string {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
  return lines[0]!;
}

Deno.test("produce --stdout is byte-identical for the same seed and differs for another", async () => {
  const args = ["produce", "--stdout", "--start", START, "--count", "3000", "-c", "a,b,c"];
  const first = await runCli([...args, "--seed", "7"], { env: { LOG_LEVEL: "ERROR" } });
  const second = await runCli([...args, "--seed", "7"], { env: { LOG_LEVEL: "ERROR" } });
  const other = await runCli([...args, "--seed", "8"], { env: { LOG_LEVEL: "ERROR" } });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(ndjson(first.stdout).length, 3000);
  assert.equal(first.stdout, second.stdout);
  assert.notEqual(first.stdout, other.stdout);
});

Deno.test("produce --stdout --envelope wraps each event with its topic and channel key", async () => {
  const r = await runCli([
    "produce",
    "--stdout",
    "--envelope",
    "--seed",
    "1",
    "--start",
    START,
    "--count",
    "500",
    "-c",
    "x,y",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const topics = new Set<string>();
  for (
    const line of ndjson(r.stdout) as { topic: string; key: string; value: { channel: string } }[]
  ) {
    assert.equal(line.key, line.value.channel);
    topics.add(line.topic);
  }
  assert.deepEqual([...topics].sort(), [
    "telemetra.events.chat",
    "telemetra.events.stream_meta",
    "telemetra.events.transactions",
    "telemetra.events.viewer",
  ]);
});

Deno.test("produce --stdout keeps stdout for data and logs on stderr", async () => {
  const r = await runCli(["produce", "--stdout", "--seed", "3", "--rate", "0", "--count", "50"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(ndjson(r.stdout).length, 50);
  assert.match(r.stderr, / - INFO - Configuration loaded: 1 channels/);
  assert.match(r.stderr, /Summary: generated 50, delivered 50, failed 0/);
});

Deno.test("produce takes channels from flag over env over .env", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/.env`, "CHANNELS=from_dotenv\nLOG_LEVEL=ERROR\n");
    const channels = async (extra: string[], env: Record<string, string> = {}) => {
      const r = await runCli(
        ["produce", "--stdout", "--seed", "1", "--start", START, "--count", "200", ...extra],
        { cwd: dir, env },
      );
      assert.equal(r.code, 0, r.stderr);
      return new Set((ndjson(r.stdout) as { channel: string }[]).map((e) => e.channel));
    };
    assert.deepEqual(await channels([]), new Set(["from_dotenv"]));
    assert.deepEqual(await channels([], { CHANNELS: "from_env" }), new Set(["from_env"]));
    assert.deepEqual(
      await channels(["-c", "from_flag"], { CHANNELS: "from_env" }),
      new Set(["from_flag"]),
    );
    await Deno.writeTextFile(`${dir}/other.env`, "CHANNELS=from_env_file\n");
    assert.deepEqual(
      await channels(["--env-file", `${dir}/other.env`]),
      new Set(["from_env_file"]),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("produce rejects bad flag and env values with one line and exit 2", async () => {
  const cases: [string[], Record<string, string>, string][] = [
    [["--rate", "-5"], {}, 'error: --rate must be a number ≥ 0, got "-5"'],
    [["--rate", "fast"], {}, 'error: --rate must be a number ≥ 0, got "fast"'],
    [[], { RATE_PER_SEC: "abc" }, 'error: RATE_PER_SEC must be a number ≥ 0, got "abc"'],
    [
      [],
      { CHANNELS: " , " },
      'error: CHANNELS must be a non-empty comma-separated list, got " , "',
    ],
    [
      ["--duration", "soon"],
      {},
      'error: --duration must be a duration such as 500ms, 30s, 5m or 1h30m, got "soon"',
    ],
    [
      ["--compression", "lz5"],
      {},
      'error: --compression must be one of none, gzip, snappy, got "lz5"',
    ],
    [["--shard", "4/3"], {}, 'error: --shard must be i/n with 1 ≤ i ≤ n, e.g. 2/3, got "4/3"'],
    [[], { PRODUCE_CHAT: "maybe" }, 'error: PRODUCE_CHAT must be true or false, got "maybe"'],
    [
      [],
      { LOG_LEVEL: "LOUD" },
      'error: LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARNING, WARN, ERROR, CRITICAL, FATAL, got "LOUD"',
    ],
    [
      ["--env-file", "/nonexistent/.env"],
      {},
      'error: cannot read env file "/nonexistent/.env" (No such file or directory (os error 2))',
    ],
    [["--bogus"], {}, "error: unknown option '--bogus'"],
  ];
  for (const [args, env, expected] of cases) {
    const r = await runCli(["produce", "--stdout", "--count", "1", ...args], { env });
    assert.equal(r.code, 2, `${args.join(" ")} ${JSON.stringify(env)}: ${r.stderr}`);
    assert.equal(oneLineError(r.stderr), expected);
    assert.equal(r.stdout, "");
  }
});

Deno.test("produce with every type disabled but one emits only that type", async () => {
  const r = await runCli(
    ["produce", "--stdout", "--envelope", "--seed", "5", "--start", START, "--count", "300"],
    { env: { PRODUCE_CHAT: "false", PRODUCE_VIEWER: "false", PRODUCE_STREAM_META: "false" } },
  );
  assert.equal(r.code, 0, r.stderr);
  const topics = new Set((ndjson(r.stdout) as { topic: string }[]).map((e) => e.topic));
  assert.deepEqual(topics, new Set(["telemetra.events.transactions"]));
});

Deno.test("produce prints its summary at every log level, even ERROR", async () => {
  for (const level of ["WARNING", "ERROR"]) {
    const r = await runCli(["produce", "--stdout", "--seed", "3", "--count", "25", "--rate", "0"], {
      env: { LOG_LEVEL: level },
    });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `only the summary at ${level}:\n${r.stderr}`);
    assert.match(
      lines[0]!,
      /^\S+ \S+ - INFO - Summary: generated 25, delivered 25, failed 0, undelivered 0 in /,
    );
  }
});
