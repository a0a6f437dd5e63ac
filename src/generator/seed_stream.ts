/**
 * The seed profile's whole stream on an absolute schedule, for replicas of one run
 * (`--shard auto`): event i happens at start + i/rate less its seeded arrival offset, exactly as
 * a run paced at `rate` from `start` stamps it (arrivals.ts). The seed profile draws each event's
 * channel from one schedule of the whole stream, so a channel's timeline cannot be continued on
 * its own: every replica generates the whole stream (as `--shard i/n` does) and sends only its
 * channels' events. A handover then costs nothing; a replica joining fast-forwards the stream
 * from the run's start once (skipUntil).
 */
import { arrivalOffsets } from "./arrivals.ts";
import { createGenerator } from "./generate.ts";
import type { GeneratedEvent, GeneratorConfig } from "./types.ts";

export interface SeedStream {
  /** Epoch ms of the next event. */
  peekMs(): number;
  next(): GeneratedEvent;
  /**
   * Generates and discards the events before `untilMs`, at most `maxSteps` at a time; true once
   * the next event is at `untilMs` or later.
   */
  skipUntil(untilMs: number, maxSteps: number): boolean;
  /** Events generated so far (sent or discarded). */
  readonly position: number;
}

export function createSeedStream(
  config: GeneratorConfig,
  seed: number,
  startMs: number,
  rate: number,
): SeedStream {
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`a seed stream needs a rate > 0, got ${rate}`);
  }
  if (!Number.isFinite(startMs)) throw new RangeError(`start time must be finite, got ${startMs}`);
  const generator = createGenerator(config, seed);
  const offset = arrivalOffsets(seed);
  const interval = 1000 / rate;
  let i = 0;
  const at = (k: number) => startMs + k * interval - offset(k) * interval;
  return {
    peekMs: () => at(i),
    next: () => generator.next(at(i++)),
    skipUntil(untilMs, maxSteps) {
      for (let steps = 0; at(i) < untilMs; steps++) {
        if (steps >= maxSteps) return false;
        generator.next(at(i++));
      }
      return true;
    },
    get position() {
      return i;
    },
  };
}
