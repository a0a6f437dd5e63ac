/**
 * The generator's entry points. The caller owns time: `next(nowMs)` returns the event that
 * happens at `nowMs`, and the world (streams, audiences, UTC days) advances by the time elapsed
 * since the previous call, so any pace gives a plausible channel. Same config + seed + times ⇒
 * the same events, byte for byte.
 */
import { CHAT_TEMPLATE_COUNT } from "./catalog_chat.ts";
import { Scheduler } from "./scheduler.ts";
import { toMicros } from "./timestamp.ts";
import { EVENT_KINDS } from "./event_kinds.ts";
import type { GeneratedEvent, GeneratorConfig } from "./types.ts";
import { foldSeed } from "./random.ts";

export { CHAT_TEMPLATE_COUNT };

export interface Generator {
  /**
   * The event at `nowMs` (epoch milliseconds, fractions kept to the microsecond). Times must not
   * decrease; a time earlier than the previous one is treated as the previous one.
   */
  next(nowMs: number): GeneratedEvent;
}

/** Throws RangeError with a plain message when the config cannot drive a generator. */
export function checkConfig(config: GeneratorConfig): void {
  if (config.channels.length === 0) throw new RangeError("at least one channel is needed");
  const seen = new Set<string>();
  for (const channel of config.channels) {
    if (channel.length === 0 || channel.length > 64) {
      throw new RangeError(`channel names must have 1–64 characters, got "${channel}"`);
    }
    if (seen.has(channel)) throw new RangeError(`channel "${channel}" is listed twice`);
    seen.add(channel);
  }
  const variants = config.messageVariants;
  if (!Number.isInteger(variants) || variants < 1 || variants > CHAT_TEMPLATE_COUNT) {
    throw new RangeError(
      `message variants must be an integer from 1 to ${CHAT_TEMPLATE_COUNT}, got ${variants}`,
    );
  }
  if (!EVENT_KINDS.some((kind) => config.enabled[kind])) {
    throw new RangeError("at least one event kind must be enabled");
  }
}

/** A generator for `config`, seeded with `seed` (any safe integer). */
export function createGenerator(config: GeneratorConfig, seed: number): Generator {
  checkConfig(config);
  foldSeed(seed);
  const scheduler = new Scheduler(config, seed);
  let lastUs = -Infinity;
  return {
    next(nowMs: number): GeneratedEvent {
      if (!Number.isFinite(nowMs)) throw new RangeError(`event time must be finite, got ${nowMs}`);
      let us = toMicros(nowMs);
      if (us < lastUs) us = lastUs;
      lastUs = us;
      return scheduler.next(us);
    },
  };
}

/** `count` events on a fixed-step clock: event i happens at startMs + i × stepMs. */
export function generate(
  config: GeneratorConfig,
  seed: number,
  clock: { readonly startMs: number; readonly stepMs: number },
  count: number,
): IterableIterator<GeneratedEvent> {
  const generator = createGenerator(config, seed);
  return (function* () {
    for (let i = 0; i < count; i++) yield generator.next(clock.startMs + i * clock.stepMs);
  })();
}
