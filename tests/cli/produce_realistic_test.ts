/** `produce --profile realistic` as a user runs it: usage errors, a backfill and a live time-lapse. */
import assert from "node:assert/strict";
import { parseMicros } from "../../src/generator/timestamp.ts";
import { ndjson, runCli } from "../support/cli.ts";

const START = "2025-10-16T18:00:00Z";
const UNTIL = "2025-10-16T20:00:00Z";
const QUIET = { env: { LOG_LEVEL: "ERROR" } };

async function usageError(args: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await runCli(["produce", "--stdout", ...args], { env });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, "");
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  return lines[0]!;
}

Deno.test("produce --profile realistic refuses --rate and names the knobs that add load", async () => {
  const line = await usageError(["--profile", "realistic", "--rate", "100"]);
  assert.match(line, /^error: --rate does not apply to --profile realistic/);
  assert.match(line, /--channels 50/);
  assert.match(line, /--speed 10/);
});

Deno.test("PROFILE=realistic with RATE_PER_SEC set is a usage error naming the variable", async () => {
  const line = await usageError([], { PROFILE: "realistic", RATE_PER_SEC: "50" });
  assert.match(line, /^error: RATE_PER_SEC does not apply to --profile realistic/);
});

Deno.test("produce --speed in the seed profile is a usage error pointing to --rate", async () => {
  const line = await usageError(["--speed", "10"]);
  assert.match(line, /^error: --speed applies to --profile realistic.*--rate/);
});

Deno.test("produce --viewer-interval in the seed profile is a usage error", async () => {
  const line = await usageError(["--viewer-interval", "45s"]);
  assert.match(line, /^error: --viewer-interval applies to --profile realistic/);
});

Deno.test("produce --profile realistic --speed in a backfill is a usage error", async () => {
  const line = await usageError(["--profile", "realistic", "--speed", "10", "--start", START]);
  assert.match(line, /^error: --speed applies to live runs; a backfill \(--start\)/);
});

Deno.test("produce --profile with an unknown name is a usage error listing the profiles", async () => {
  const line = await usageError(["--profile", "fast"]);
  assert.match(line, /seed, realistic/);
});

Deno.test("produce --profile realistic backfills two hours of 5 generated channels to stdout", async () => {
  const args = [
    "produce",
    "--stdout",
    "--profile",
    "realistic",
    "--channels",
    "5",
    "--start",
    START,
    "--until",
    UNTIL,
  ];
  const r = await runCli([...args, "--seed", "11"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /INFO - realistic profile: 5 channels, ≈ [\d.,]+ events\/s now/);
  const events = ndjson(r.stdout) as { channel: string; timestamp: string }[];
  assert.ok(events.length > 100, `${events.length} events`);
  const times = events.map((e) => parseMicros(e.timestamp));
  assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!), "time order");
  assert.ok(times[0]! >= Date.parse(START) * 1000);
  assert.ok(times[times.length - 1]! < Date.parse(UNTIL) * 1000);
  const channels = new Set(events.map((e) => e.channel));
  assert.ok(channels.size >= 1 && channels.size <= 5);
  assert.ok(!channels.has("demo_stream"));
  const again = await runCli([...args, "--seed", "11"], QUIET);
  assert.equal(again.stdout, r.stdout);
});

Deno.test("produce --channels 3 names three channels in the seed profile too", async () => {
  const r = await runCli(
    ["produce", "--stdout", "--channels", "3", "--seed", "1", "--start", START, "--count", "300"],
    QUIET,
  );
  assert.equal(r.code, 0, r.stderr);
  const channels = new Set((ndjson(r.stdout) as { channel: string }[]).map((e) => e.channel));
  assert.equal(channels.size, 3);
  for (const name of channels) assert.match(name, /^[a-z][a-z0-9_]{3,24}$/);
});

Deno.test("produce --profile realistic live with --speed stamps events with the wall clock", async () => {
  const before = Date.now() * 1000;
  const r = await runCli([
    "produce",
    "--stdout",
    "--profile",
    "realistic",
    "--channels",
    "50",
    "--speed",
    "600",
    "--duration",
    "3s",
    "--seed",
    "2",
  ]);
  const after = Date.now() * 1000;
  assert.equal(r.code, 0, r.stderr);
  const times = (ndjson(r.stdout) as { timestamp: string }[]).map((e) => parseMicros(e.timestamp));
  assert.ok(times.length > 10, `${times.length} events`);
  assert.ok(times.every((t) => t >= before && t <= after), "timestamps within the run");
  assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!), "time order");
  assert.match(r.stderr, /Summary: generated \d+/);
});
