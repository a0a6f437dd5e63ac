/**
 * The events every row of the benchmark sends: real generator output (all four kinds, in the
 * produce default mix) for a fixed set of channels, serialised once. Also the generator-only
 * measurement (row a), on the same configuration.
 */
import { EVENT_KINDS, EVENT_TYPE_HEADER, SCHEMA_OF_KIND } from "../src/generator/event_kinds.ts";
import { createGenerator } from "../src/generator/generate.ts";
import { createRealisticGenerator } from "../src/generator/realistic/generator.ts";
import type { GeneratorConfig } from "../src/generator/types.ts";

/** Eight channels: records spread over the partitions, as with a realistic run. */
export const BENCH_CHANNELS: readonly string[] = Array.from({ length: 8 }, (_, i) => `bench_${i}`);
export const BENCH_SEED = 42;

export const BENCH_GENERATOR: GeneratorConfig = {
  channels: BENCH_CHANNELS,
  messageVariants: 50,
  enabled: Object.fromEntries(EVENT_KINDS.map((k) => [k, true])) as GeneratorConfig["enabled"],
};

const START_MS = Date.UTC(2025, 9, 16, 10);

export interface SampleEvents {
  /** Record keys (the channel). */
  readonly keys: readonly string[];
  /** JSON values, as produce serialises them. */
  readonly values: readonly string[];
  /** Record timestamps: the events' times, in ms. */
  readonly timestamps: readonly number[];
  /** Record headers, as produce sends them: `event_type`, one shared object per kind. */
  readonly headers: readonly Readonly<Record<string, string>>[];
  readonly meanBytes: number;
}

const HEADERS_OF_KIND = Object.fromEntries(
  EVENT_KINDS.map((kind) => [kind, Object.freeze({ [EVENT_TYPE_HEADER]: SCHEMA_OF_KIND[kind] })]),
);

/** `count` events at 1,000 events/s of event time, serialised. */
export function sampleEvents(count: number): SampleEvents {
  const generator = createGenerator(BENCH_GENERATOR, BENCH_SEED);
  const keys = new Array<string>(count);
  const values = new Array<string>(count);
  const timestamps = new Array<number>(count);
  const headers = new Array<Readonly<Record<string, string>>>(count);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const event = generator.next(START_MS + i);
    keys[i] = event.channel;
    values[i] = JSON.stringify(event.value);
    timestamps[i] = Math.floor(event.timestampMs);
    headers[i] = HEADERS_OF_KIND[event.kind]!;
    bytes += values[i]!.length;
  }
  return { keys, values, timestamps, headers, meanBytes: bytes / count };
}

/** Writes the values one per line (ProducerPerformance's payload file) and `key\tvalue` lines (kcat). */
export async function writeSampleFiles(
  sample: SampleEvents,
  dir: string,
): Promise<{ payloadFile: string; keyedFile: string }> {
  const payloadFile = `${dir}/payloads.txt`;
  const keyedFile = `${dir}/keyed.txt`;
  await Deno.writeTextFile(payloadFile, sample.values.join("\n") + "\n");
  await Deno.writeTextFile(
    keyedFile,
    sample.values.map((v, i) => `${sample.keys[i]}\t${v}`).join("\n") + "\n",
  );
  return { payloadFile, keyedFile };
}

/**
 * Row (a): events generated and serialised per second on one core, best of `rounds` (the
 * machine may be shared). Same work as produce's loop does per event before the sink.
 */
export function generatorOnly(count: number, rounds: number): number {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const generator = createGenerator(BENCH_GENERATOR, BENCH_SEED + r);
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      sink += JSON.stringify(generator.next(START_MS + i).value).length;
    }
    best = Math.min(best, performance.now() - t0);
  }
  if (sink === 0) throw new Error("nothing generated");
  return count / (best / 1000);
}

/**
 * Row (a2): the same for the realistic profile, the world choosing the events' times (a
 * backfill from the same start), to compare with row (a).
 */
export function realisticGeneratorOnly(count: number, rounds: number): number {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const generator = createRealisticGenerator(BENCH_GENERATOR, BENCH_SEED + r, START_MS);
    const t0 = performance.now();
    for (let i = 0; i < count; i++) sink += JSON.stringify(generator.next().value).length;
    best = Math.min(best, performance.now() - t0);
  }
  if (sink === 0) throw new Error("nothing generated");
  return count / (best / 1000);
}
