/**
 * How fast the generator makes events, with JSON.stringify of each value (what every sink does),
 * on one core. Goal: ≥ 1,000,000 events/s for generate + serialise.
 *
 *   tools/deno run -A bench/generate_bench.ts [--events N] [--rounds R]
 *
 * Each scenario generates batches of 10,000 events at 100,000 events/s of event time (seed
 * profile) or at the times the world chooses from the same start (realistic profile), then
 * serialises that batch (fresh strings, as in production); the two phases are timed apart to
 * show where the time goes. The best of R rounds is kept (the machine may be shared). The anchor
 * is JSON.stringify of a constant chat event shaped like the seed's example, measured in the
 * same run: a floor no serialising sink can beat, to compare runs on different machines.
 * Times are this process's CPU time (user + system), so other load on the machine barely moves
 * them; the wall-clock rate of the whole scenario is shown beside.
 */
import { cpuUsage } from "node:process";
import { parseArgs } from "node:util";
import { createGenerator } from "../src/generator/generate.ts";
import { createRealisticGenerator } from "../src/generator/realistic/generator.ts";
import type { GeneratedEvent, GeneratorConfig } from "../src/generator/types.ts";

const { values: flags } = parseArgs({
  options: {
    events: { type: "string", default: "2000000" },
    rounds: { type: "string", default: "5" },
  },
});
const EVENTS = Number(flags.events);
const ROUNDS = Number(flags.rounds);
const BATCH = 10_000;
const START_MS = Date.UTC(2025, 9, 16, 10);

interface Timing {
  /** Nanoseconds per event. */
  readonly generate: number;
  readonly stringify: number;
  readonly bytes: number;
  /** Events per second of wall-clock time. */
  readonly wallRate: number;
}

/** CPU time of this process in milliseconds. */
function cpuMs(): number {
  const { user, system } = cpuUsage();
  return (user + system) / 1000;
}

function scenario(channels: number): GeneratorConfig {
  return {
    channels: channels === 1
      ? ["demo_stream"]
      : Array.from({ length: channels }, (_, i) => `channel_${i}`),
    messageVariants: 50,
    enabled: { chat: true, viewer: true, transaction: true, stream_meta: true },
  };
}

type Profile = "seed" | "realistic";

/** The profile's events one after the other, as produce asks for them. */
function eventSource(profile: Profile, config: GeneratorConfig, seed: number) {
  if (profile === "realistic") {
    const world = createRealisticGenerator(config, seed, START_MS);
    return (_i: number) => world.next();
  }
  const generator = createGenerator(config, seed);
  return (i: number) => generator.next(START_MS + i * 0.01);
}

function measure(profile: Profile, config: GeneratorConfig, seed: number): Timing {
  const next = eventSource(profile, config, seed);
  const batch = new Array<GeneratedEvent>(BATCH);
  let generateMs = 0;
  let stringifyMs = 0;
  let bytes = 0;
  const wall = performance.now();
  for (let done = 0; done < EVENTS; done += BATCH) {
    const t0 = cpuMs();
    for (let i = 0; i < BATCH; i++) batch[i] = next(done + i);
    const t1 = cpuMs();
    for (let i = 0; i < BATCH; i++) bytes += JSON.stringify(batch[i]!.value).length;
    const t2 = cpuMs();
    generateMs += t1 - t0;
    stringifyMs += t2 - t1;
  }
  const n = Math.ceil(EVENTS / BATCH) * BATCH;
  return {
    generate: (generateMs * 1e6) / n,
    stringify: (stringifyMs * 1e6) / n,
    bytes: bytes / n,
    wallRate: n / ((performance.now() - wall) / 1000),
  };
}

function best(profile: Profile, config: GeneratorConfig): Timing {
  let result: Timing | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const t = measure(profile, config, round + 1);
    if (result === undefined || t.generate + t.stringify < result.generate + result.stringify) {
      result = t;
    }
  }
  return result!;
}

function anchor(): number {
  const event = {
    message_id: "123e4567-e89b-42d3-a456-426614174000",
    channel: "demo_stream",
    stream_id: "stream_1234567890",
    username: "gamer123",
    user_id: "user_1234567",
    message: "That was insane! PogChamp PogChamp",
    emotes: ["PogChamp"],
    badges: ["subscriber"],
    is_action: false,
    bits: 0,
    sentiment_hint: "excited",
    timestamp: "2025-10-16T10:30:00.123456Z",
    metadata: { client: "web", color: "#FF5733" },
  };
  let fastest = Infinity;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = cpuMs();
    for (let i = 0; i < 1_000_000; i++) sink += JSON.stringify(event).length;
    fastest = Math.min(fastest, (cpuMs() - t0) * 1e6 / 1_000_000);
  }
  if (sink === 0) throw new Error("unreachable");
  return fastest;
}

const anchorNs = anchor();
const rows = [1, 5, 100, 1000].flatMap((channels) =>
  (["seed", "realistic"] as const).map((profile) => ({
    profile,
    channels,
    timing: best(profile, scenario(channels)),
  }))
);
const seedRow = (channels: number) =>
  rows.find((r) => r.profile === "seed" && r.channels === channels)!.timing;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
// deno-lint-ignore no-console
console.log(
  [
    `generate + JSON.stringify, ${fmt(EVENTS)} events per round, best of ${ROUNDS}, one core`,
    "",
    "| profile | channels | events/s (CPU) | ns/event | generate | stringify | bytes/event | × anchor | vs seed | events/s (wall) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(({ profile, channels, timing: t }) => {
      const total = t.generate + t.stringify;
      const seed = seedRow(channels);
      const vsSeed = (seed.generate + seed.stringify) / total;
      return `| ${profile} | ${channels} | ${fmt(1e9 / total)} | ${fmt(total)} | ${
        fmt(t.generate)
      } ns (${fmt((100 * t.generate) / total)}%) | ${fmt(t.stringify)} ns (${
        fmt((100 * t.stringify) / total)
      }%) | ${fmt(t.bytes)} | ${fmt(total / anchorNs, 2)} | ${fmt(vsSeed, 2)}× | ${
        fmt(t.wallRate)
      } |`;
    }),
    "",
    `anchor: JSON.stringify of a constant seed-shaped chat event: ${fmt(anchorNs)} ns ` +
    `(${fmt(1e9 / anchorNs)}/s)`,
  ].join("\n"),
);
