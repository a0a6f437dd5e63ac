import assert from "node:assert/strict";
import { generate } from "../../src/generator/generate.ts";
import type { GeneratedEvent } from "../../src/generator/types.ts";
import { configFor, START_MS } from "./support.ts";

const CONFIG = configFor(["demo_stream", "gaming", "esports"]);

function ndjson(events: Iterable<GeneratedEvent>): string {
  let out = "";
  for (const e of events) out += JSON.stringify(e) + "\n";
  return out;
}

const clock = { startMs: START_MS, stepMs: 37.5 };

Deno.test("generate() yields byte-identical events for the same seed", () => {
  const a = ndjson(generate(CONFIG, 42, clock, 50_000));
  const b = ndjson(generate(CONFIG, 42, clock, 50_000));
  assert.equal(a.length > 10_000_000, true);
  assert.equal(a, b);
});

Deno.test("generate() yields different events for different seeds", () => {
  const lines = (seed: number) => ndjson(generate(CONFIG, seed, clock, 2_000)).split("\n");
  const base = lines(42);
  for (const seed of [43, 0, -42, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
    const other = lines(seed);
    // Every line holds a random id, so no line may repeat across seeds.
    const shared = other.filter((line, i) => line !== "" && line === base[i]).length;
    assert.equal(shared, 0, `seed ${seed}`);
  }
});

Deno.test("a channel is the same world whatever channels run beside it", () => {
  // Alone or with others, a channel's first stream has the same id, title and community.
  const firstStart = (channels: string[]) =>
    [...generate(configFor(channels), 5, clock, channels.length)]
      .find((e) => e.channel === "gaming")!.value;
  assert.deepEqual(firstStart(["gaming"]), {
    ...firstStart(["demo_stream", "gaming", "music"]),
    timestamp: (firstStart(["gaming"]) as { timestamp: string }).timestamp,
  });
});
