/**
 * Plausible channel names for `--channels N`: `frostyotter`, `night_falcon_tv`, `pixelbard42`.
 * A fixed sequence, the same in every run and profile whatever the seed, and prefix-stable: the
 * first 10 of 50 names are the 10 names, so adding channels keeps the others' keys (and worlds).
 */
import { NAME_HEADS, NAME_TAILS, OTHER_CHANNELS } from "./catalog_people.ts";
import { chance, createRng, int, pick } from "./random.ts";

const SUFFIXES: readonly string[] = [
  "",
  "",
  "",
  "tv",
  "_tv",
  "live",
  "_live",
  "plays",
  "gg",
  "_ttv",
];

/** The first `count` names of the sequence, distinct and none an outside channel's name. */
export function generatedChannelNames(count: number): string[] {
  const rng = createRng(0, "channel names");
  const names = new Set<string>();
  const taken = new Set(OTHER_CHANNELS);
  while (names.size < count) {
    const separator = chance(rng, 0.3) ? "_" : "";
    const digits = chance(rng, 0.25) ? String(int(rng, 1, 999)) : "";
    const name = pick(rng, NAME_HEADS) + separator + pick(rng, NAME_TAILS) + pick(rng, SUFFIXES) +
      digits;
    if (!taken.has(name)) names.add(name);
  }
  return [...names];
}
