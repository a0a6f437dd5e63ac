/**
 * When within its slot each event arrives. At `--rate R`, event i's slot ends at start + i/R;
 * the event happens a seeded fraction of a slot earlier, in (start + (i−1)/R, start + i/R], so
 * event times are no rigid grid yet the schedule stays absolute (one event per slot: the
 * achieved rate is exact over any window of a few slots, without drift) and never runs ahead of
 * the clock. Event 0 happens at the start itself. Stateless: the fraction of event i depends on
 * the seed and i alone, so every shard of a run computes the same times.
 */
import { foldSeed, hashString, mix32 } from "./random.ts";

const TWO_POW_32 = 2 ** 32;

/** The fraction of a slot (0 ≤ f < 1) by which event i comes early; 0 for event 0. */
export function arrivalOffsets(seed: number): (index: number) => number {
  const base = (foldSeed(seed) ^ mix32(hashString("arrivals"))) >>> 0;
  return (index) =>
    index === 0 ? 0 : mix32((base + Math.imul(index, 0x9e3779b9)) >>> 0) / TWO_POW_32;
}
