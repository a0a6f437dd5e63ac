/**
 * The realistic profile's generator: the world owns time. Each channel is simulated on its own
 * (channel_sim.ts) and a binary heap of the channels' next-event times yields their events in
 * time order, so the total rate is whatever the world makes of it. The same config, seed and
 * start give the same events, byte for byte; a channel's events do not depend on which other
 * channels run beside it.
 */
import { checkConfig } from "../generate.ts";
import { foldSeed } from "../random.ts";
import { TimestampFormatter, toMicros, US_PER_SECOND } from "../timestamp.ts";
import type { GeneratedEvent, GeneratorConfig } from "../types.ts";
import { DEFAULT_VIEWER_INTERVAL_MS } from "./calibration.ts";
import { ChannelSim, type SimContext } from "./channel_sim.ts";

export interface RealisticOptions {
  /** The world runs this many times faster than the timestamps (a time-lapse); 1 by default. */
  readonly speed?: number;
  /** Mean time between two viewer_count snapshots of a live channel. */
  readonly viewerIntervalMs?: number;
}

export interface RealisticGenerator {
  /** The timestamp (epoch ms, microsecond fractions kept) of the event `next()` returns. */
  peekMs(): number;
  /** The next event in time order. */
  next(): GeneratedEvent;
  /** Events per second of timestamp time the world makes right now (its live channels). */
  ratePerSecond(): number;
}

export function createRealisticGenerator(
  config: GeneratorConfig,
  seed: number,
  startMs: number,
  options: RealisticOptions = {},
): RealisticGenerator {
  const { ctx, originUs, stampUs, speed } = simContext(config, seed, startMs, options);
  const sims = config.channels.map((name, i) => new ChannelSim(name, i, ctx, originUs));
  const heap = new ChannelHeap(sims);
  let pending: GeneratedEvent | undefined;
  let pendingUs = 0;
  let worldUs = originUs;

  const fill = (): GeneratedEvent => {
    while (pending === undefined) {
      const sim = heap.top();
      worldUs = sim.nextUs;
      pendingUs = stampUs(worldUs);
      pending = sim.step();
      heap.topChanged();
    }
    return pending;
  };

  return {
    peekMs() {
      fill();
      return pendingUs / 1000;
    },
    next() {
      const event = fill();
      pending = undefined;
      return event;
    },
    ratePerSecond() {
      let perUs = 0;
      for (const sim of sims) perUs += sim.expectedRatePerUs(worldUs);
      return perUs * speed * US_PER_SECOND;
    },
  };
}

/** The context every channel of a run shares, after checking the run's settings. */
export function simContext(
  config: GeneratorConfig,
  seed: number,
  startMs: number,
  options: RealisticOptions,
): { ctx: SimContext; originUs: number; stampUs: (us: number) => number; speed: number } {
  checkConfig(config);
  foldSeed(seed);
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  }
  const intervalMs = options.viewerIntervalMs ?? DEFAULT_VIEWER_INTERVAL_MS;
  if (!(intervalMs >= 1) || !Number.isFinite(intervalMs)) {
    throw new RangeError(`the viewer interval must be at least 1 ms, got ${intervalMs}`);
  }
  if (!Number.isFinite(startMs)) throw new RangeError(`start time must be finite, got ${startMs}`);
  const originUs = toMicros(startMs);
  const formatter = new TimestampFormatter();
  const stampUs = speed === 1
    ? (us: number) => us
    : (us: number) => originUs + Math.floor((us - originUs) / speed);
  const ctx: SimContext = {
    seed,
    messageVariants: config.messageVariants,
    chat: config.enabled.chat,
    viewer: config.enabled.viewer,
    transaction: config.enabled.transaction,
    streamMeta: config.enabled.stream_meta,
    viewerIntervalUs: intervalMs * 1000,
    stampUs,
    format: (us) => formatter.format(stampUs(us)),
    timeLapse: speed !== 1,
  };
  return { ctx, originUs, stampUs, speed };
}

/** A binary min-heap of channels by their next event's time (ties: the first listed first). */
export class ChannelHeap {
  readonly #sims: readonly ChannelSim[];
  readonly #heap: Int32Array;

  constructor(sims: readonly ChannelSim[]) {
    this.#sims = sims;
    this.#heap = Int32Array.from(sims, (_, i) => i);
    for (let i = (sims.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  top(): ChannelSim {
    return this.#sims[this.#heap[0]!]!;
  }

  /** Restores the order after the top channel's next time moved (it only moves later). */
  topChanged(): void {
    this.#down(0);
  }

  #before(a: number, b: number): boolean {
    const ta = this.#sims[a]!.nextUs;
    const tb = this.#sims[b]!.nextUs;
    return ta < tb || (ta === tb && a < b);
  }

  #down(at: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const item = heap[at]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && this.#before(heap[child + 1]!, heap[child]!)) child++;
      if (!this.#before(heap[child]!, item)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = item;
  }
}
