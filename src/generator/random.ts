/**
 * Seeded randomness over pure-rand's xoroshiro128+ (mutating `next()`, no allocation per draw),
 * and the helpers the generator draws with. Nothing here reads a clock or global randomness.
 *
 * Floats carry 32 random bits, which is plenty for simulation: `int(lo, hi)` over a range of n
 * values is biased by at most n / 2^32 (relative), far below any tolerance the tests state.
 */
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";

/** A seeded source of 32-bit values, mutated in place by each draw. */
export interface Rng {
  /** A uniform signed 32-bit integer. */
  next(): number;
}

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

/** FNV-1a hash of a string (UTF-16 code units), as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The murmur3 finaliser: a bijective scramble of a 32-bit value. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds a safe integer seed (any sign, up to 2^53) into 32 bits without losing either half. */
export function foldSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${seed}`);
  }
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  return mix32(low ^ mix32(high + 0x9e3779b9));
}

/**
 * An independent stream for (seed, key): the same pair always gives the same draws, and streams
 * for different keys are unrelated. The 128-bit state is filled by a splitmix32-style sequence
 * so that close seeds do not start with correlated output.
 */
export function createRng(seed: number, key: string): Rng {
  let s = (foldSeed(seed) ^ mix32(hashString(key))) >>> 0;
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    state.push(mix32(s) | 0);
  }
  if (!state.some((v) => v !== 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}

/** Uniform in [0, 1). */
export function float(rng: Rng): number {
  return (rng.next() >>> 0) * INV_TWO_POW_32;
}

/** Uniform in [lo, hi). */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * float(rng);
}

/** Uniform integer in [lo, hi], both included. */
export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor((hi - lo + 1) * float(rng));
}

/** Log-uniform integer in [lo, hi] (lo ≥ 1): small values are as likely per decade as large. */
export function logInt(rng: Rng, lo: number, hi: number): number {
  const value = Math.floor(Math.exp(between(rng, Math.log(lo), Math.log(hi + 1))));
  return value > hi ? hi : value;
}

/**
 * A heavy-tailed (Pareto) draw: P(X ≥ x) = (lo / x)^alpha for x ≥ lo, clamped to hi, so the
 * maximum takes (lo / hi)^alpha of the draws. Small values are common, big ones rare but real.
 */
export function pareto(rng: Rng, lo: number, hi: number, alpha: number): number {
  const x = lo * Math.pow(1 - float(rng), -1 / alpha);
  return x > hi ? hi : x;
}

/** A log-normal draw with the given median and log-scale spread (two uniform draws). */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  const u = 1 - float(rng);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * float(rng));
  return median * Math.exp(sigma * z);
}

/** The largest of the ascending `steps` not above x (x ≥ steps[0]): "people like round numbers". */
export function roundDown(x: number, steps: readonly number[]): number {
  let i = steps.length - 1;
  while (i > 0 && steps[i]! > x) i--;
  return steps[i]!;
}

/** True with probability p. */
export function chance(rng: Rng, p: number): boolean {
  return float(rng) < p;
}

/** A uniformly chosen element of a non-empty array. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(items.length * float(rng))]!;
}

/** Cumulative weights, normalised to end at 1, for `weighted`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0) || weights.some((w) => w < 0)) {
    throw new RangeError("weights must be non-negative with a positive sum");
  }
  const out = new Float64Array(weights.length);
  let running = 0;
  for (let i = 0; i < weights.length; i++) {
    running += weights[i]!;
    out[i] = running / total;
  }
  out[weights.length - 1] = 1;
  return out;
}

/** Index drawn with the probabilities that `cumulative` encoded (linear scan: short tables). */
export function weightedIndex(rng: Rng, cumul: Float64Array): number {
  const u = float(rng);
  let i = 0;
  while (u >= cumul[i]!) i++;
  return i;
}

/** An element of `items` drawn with the probabilities encoded in `cumul` (same length). */
export function weighted<T>(rng: Rng, items: readonly T[], cumul: Float64Array): T {
  return items[weightedIndex(rng, cumul)]!;
}

/**
 * A flat (sequential) copy of a string. V8's fast JSON.stringify path gives up on strings built
 * by concatenation (cons strings) and serialises the whole value about twice as slowly, so every
 * string of 13 or more characters that goes into an event is built flat: with
 * `String.fromCharCode` per event, or through this helper once (catalogues, stream ids).
 */
export function flat(text: string): string {
  if (text.length < 13) return text;
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}

/** Char codes of the 16 lowercase hex digits. */
const H: readonly number[] = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

/** Eight lowercase hex digits of a 32-bit value (short enough to be flat). */
export function hex8(value: number): string {
  return String.fromCharCode(
    H[(value >>> 28) & 15]!,
    H[(value >>> 24) & 15]!,
    H[(value >>> 20) & 15]!,
    H[(value >>> 16) & 15]!,
    H[(value >>> 12) & 15]!,
    H[(value >>> 8) & 15]!,
    H[(value >>> 4) & 15]!,
    H[value & 15]!,
  );
}

/** `txn_` followed by 16 lowercase hex digits from two draws, as a flat string. */
export function transactionId(rng: Rng): string {
  const a = rng.next();
  const b = rng.next();
  return String.fromCharCode(
    116, // t
    120, // x
    110, // n
    95, // _
    H[(a >>> 28) & 15]!,
    H[(a >>> 24) & 15]!,
    H[(a >>> 20) & 15]!,
    H[(a >>> 16) & 15]!,
    H[(a >>> 12) & 15]!,
    H[(a >>> 8) & 15]!,
    H[(a >>> 4) & 15]!,
    H[a & 15]!,
    H[(b >>> 28) & 15]!,
    H[(b >>> 24) & 15]!,
    H[(b >>> 20) & 15]!,
    H[(b >>> 16) & 15]!,
    H[(b >>> 12) & 15]!,
    H[(b >>> 8) & 15]!,
    H[(b >>> 4) & 15]!,
    H[b & 15]!,
  );
}

/** A version-4 UUID (RFC 4122 variant) whose 122 random bits come from the rng. */
export function uuid4(rng: Rng): string {
  const a = rng.next();
  const b = rng.next();
  const c = rng.next();
  const d = rng.next();
  return String.fromCharCode(
    H[(a >>> 28) & 15]!,
    H[(a >>> 24) & 15]!,
    H[(a >>> 20) & 15]!,
    H[(a >>> 16) & 15]!,
    H[(a >>> 12) & 15]!,
    H[(a >>> 8) & 15]!,
    H[(a >>> 4) & 15]!,
    H[a & 15]!,
    45,
    H[(b >>> 28) & 15]!,
    H[(b >>> 24) & 15]!,
    H[(b >>> 20) & 15]!,
    H[(b >>> 16) & 15]!,
    45,
    52, // version 4
    H[(b >>> 8) & 15]!,
    H[(b >>> 4) & 15]!,
    H[b & 15]!,
    45,
    H[8 | ((c >>> 28) & 3)]!, // variant 10xx
    H[(c >>> 24) & 15]!,
    H[(c >>> 20) & 15]!,
    H[(c >>> 16) & 15]!,
    45,
    H[(c >>> 12) & 15]!,
    H[(c >>> 8) & 15]!,
    H[(c >>> 4) & 15]!,
    H[c & 15]!,
    H[(d >>> 28) & 15]!,
    H[(d >>> 24) & 15]!,
    H[(d >>> 20) & 15]!,
    H[(d >>> 16) & 15]!,
    H[(d >>> 12) & 15]!,
    H[(d >>> 8) & 15]!,
    H[(d >>> 4) & 15]!,
    H[d & 15]!,
  );
}

/** `digits` decimal digits, the first one non-zero (digits ≤ 15). */
export function decimalId(rng: Rng, digits: number): string {
  const min = 10 ** (digits - 1);
  const span = 9 * min;
  // Two draws give 64 bits, enough for 15 digits without visible bias.
  const value = (float(rng) + float(rng) * INV_TWO_POW_32) * span;
  return String(min + Math.floor(value));
}
