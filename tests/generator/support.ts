/** Shared helpers of the generator tests. */
import assert from "node:assert/strict";
import { createGenerator } from "../../src/generator/generate.ts";
import type { EventKind, GeneratedEvent, GeneratorConfig } from "../../src/generator/types.ts";

export const ALL_KINDS: Readonly<Record<EventKind, boolean>> = {
  chat: true,
  viewer: true,
  transaction: true,
  stream_meta: true,
};

/** 2025-10-16T10:00:00Z, the seeds' example morning. */
export const START_MS = Date.UTC(2025, 9, 16, 10, 0, 0);
export const HOUR_MS = 3_600_000;

export function configFor(
  channels: readonly string[],
  overrides: Partial<GeneratorConfig> = {},
): GeneratorConfig {
  return { channels, messageVariants: 50, enabled: ALL_KINDS, ...overrides };
}

/** `count` events at `rate` events/s from `startMs`, as the produce command paces them. */
export function run(
  config: GeneratorConfig,
  seed: number,
  rate: number,
  count: number,
  startMs = START_MS,
): GeneratedEvent[] {
  const generator = createGenerator(config, seed);
  const events = new Array<GeneratedEvent>(count);
  const step = 1000 / rate;
  for (let i = 0; i < count; i++) events[i] = generator.next(startMs + i * step);
  return events;
}

/**
 * Asserts that `hits` out of `n` trials agrees with probability `p`: within 4.5 binomial
 * standard deviations (a fixed seed makes the outcome deterministic; the bound says how close
 * the model is to the promised number).
 */
export function assertRate(label: string, hits: number, n: number, p: number): void {
  const sigma = Math.sqrt((p * (1 - p)) / n);
  const observed = hits / n;
  assert.ok(
    Math.abs(observed - p) <= 4.5 * sigma,
    `${label}: ${(observed * 100).toFixed(3)}% of ${n}, expected ${(p * 100).toFixed(3)}% ± ${
      (4.5 * sigma * 100).toFixed(3)
    }%`,
  );
}

export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export function ofKind<V>(events: readonly GeneratedEvent[], kind: EventKind): V[] {
  return events.filter((e) => e.kind === kind).map((e) => e.value as V);
}
