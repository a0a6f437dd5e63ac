/**
 * The realistic world of one replica of a coordinated run (`--shard auto`): the same world as
 * createRealisticGenerator over all the run's channels, of which only the owned ones are
 * simulated. Ownership changes while the run goes on: a channel taken over is simulated from
 * where its own timeline was left (the run's start, for a channel never owned here) and
 * fast-forwarded, its events discarded, to the moment it is taken over, so it continues exactly
 * as if one process had simulated it all along. That works because a channel's events do not
 * depend on the other channels (channel_sim.ts).
 */
import { toMicros, US_PER_SECOND } from "../timestamp.ts";
import type { GeneratedEvent, GeneratorConfig } from "../types.ts";
import { ChannelSim } from "./channel_sim.ts";
import { ChannelHeap, type RealisticOptions, simContext } from "./generator.ts";

export interface OwnedWorld {
  /** The time (epoch ms) of the next owned event; Infinity while nothing is owned or paused. */
  peekMs(): number;
  /** The next owned event in time order (only when peekMs() is finite). */
  next(): GeneratedEvent;
  /** Events per second the owned channels make right now. */
  ratePerSecond(): number;
  /** Events per second the run's channels make right now (those simulated here: with warm()). */
  runRatePerSecond(): number;
  /** The owned channels, in the run's channel order. */
  owned(): readonly string[];
  /** Nothing is due until the next assign() (a rebalance has begun). */
  pause(): void;
  /**
   * Owns exactly `channels` from now on and resumes. Channels kept go on where they are; the
   * ones taken over wait for catchUp() before their events come. Returns the channels waiting for
   * catchUp(): those taken over, and those still waiting since an earlier assign().
   */
  assign(channels: readonly string[]): readonly string[];
  /**
   * Fast-forwards the channels taken over to `untilMs` (their events before it are discarded), at
   * most `maxSteps` events at a time, so that a caller can share the thread. True once every
   * one of them is there; they then take part in peekMs()/next().
   */
  catchUp(untilMs: number, maxSteps: number): boolean;
  /**
   * Keeps the channels not owned here near `untilMs` too (their events discarded), at most
   * `maxSteps` events at a time; true once all are there. A replica that does so takes a channel
   * over with a fast-forward of moments instead of everything since the run began.
   */
  warm(untilMs: number, maxSteps: number): boolean;
  /** Events discarded by fast-forwards (catchUp and warm) so far. */
  readonly skipped: number;
}

export function createOwnedWorld(
  config: GeneratorConfig,
  seed: number,
  startMs: number,
  options: RealisticOptions = {},
): OwnedWorld {
  const { ctx, originUs, stampUs, speed } = simContext(config, seed, startMs, options);
  const indexOf = new Map(config.channels.map((name, i) => [name, i]));
  /**
   * Every channel owned or warmed here, kept when released: taking it back fast-forwards from it.
   */
  const sims = new Map<string, ChannelSim>();
  let active: ChannelSim[] = [];
  let heap = new ChannelHeap(active);
  let waiting: ChannelSim[] = [];
  let paused = false;
  /**
   * Events stepped out of their channels but not yet taken, in time order: usually one, more when
   * a channel that joined after a fast-forward has earlier events than the one looked at.
   */
  let pending: Pending[] = [];
  let worldUs = originUs;
  let skipped = 0;

  const simOf = (name: string): ChannelSim => {
    let sim = sims.get(name);
    if (sim === undefined) {
      const index = indexOf.get(name);
      if (index === undefined) throw new RangeError(`channel ${name} is not one of the run's`);
      sim = new ChannelSim(name, index, ctx, originUs);
      sims.set(name, sim);
    }
    return sim;
  };
  // Ties between channels go to the one listed first, as in the whole world's heap.
  const byIndex = (a: ChannelSim, b: ChannelSim) => a.channel.index - b.channel.index;

  const fill = (): void => {
    while (active.length > 0) {
      const sim = heap.top();
      const head = pending[0];
      if (head !== undefined && !before(sim.nextUs, sim.channel.index, head)) break;
      const us = sim.nextUs;
      const event = sim.step();
      heap.topChanged();
      if (us > worldUs) worldUs = us;
      if (event === undefined) continue;
      const item = { event, index: sim.channel.index, worldUs: us };
      let at = pending.length;
      while (at > 0 && before(us, item.index, pending[at - 1]!)) at--;
      pending.splice(at, 0, item);
    }
  };

  return {
    peekMs() {
      if (paused) return Infinity;
      fill();
      return pending.length === 0 ? Infinity : stampUs(pending[0]!.worldUs) / 1000;
    },
    next() {
      fill();
      const taken = pending.shift();
      if (paused || taken === undefined) throw new RangeError("no owned event is due");
      return taken.event;
    },
    ratePerSecond() {
      let perUs = 0;
      for (const sim of active) perUs += sim.expectedRatePerUs(worldUs);
      return perUs * speed * US_PER_SECOND;
    },
    runRatePerSecond() {
      let perUs = 0;
      for (const sim of sims.values()) perUs += sim.expectedRatePerUs(worldUs);
      return perUs * speed * US_PER_SECOND;
    },
    owned() {
      return [...active, ...waiting].sort(byIndex).map((sim) => sim.channel.name);
    },
    pause() {
      paused = true;
    },
    assign(channels) {
      const wanted = new Set(channels.map(simOf));
      const kept = active.filter((sim) => wanted.has(sim));
      const keptOrWaiting = new Set([...kept, ...waiting]);
      const taken = [...wanted].filter((sim) => !keptOrWaiting.has(sim));
      waiting = [...waiting.filter((sim) => wanted.has(sim)), ...taken].sort(byIndex);
      const owned = new Set([...wanted].map((sim) => sim.channel.index));
      pending = pending.filter((item) => owned.has(item.index));
      active = kept.sort(byIndex);
      heap = new ChannelHeap(active);
      paused = false;
      return waiting.map((sim) => sim.channel.name);
    },
    catchUp(untilMs, maxSteps) {
      // Whole milliseconds, as events are stamped: what is stamped before `untilMs` is discarded.
      const untilUs = toMicros(Math.ceil(untilMs));
      let steps = 0;
      while (waiting.length > 0) {
        const sim = waiting[0]!;
        while (stampUs(sim.nextUs) < untilUs) {
          if (steps++ >= maxSteps) return false;
          if (sim.nextUs > worldUs) worldUs = sim.nextUs;
          sim.step();
          skipped++;
        }
        waiting.shift();
        active = [...active, sim].sort(byIndex);
        heap = new ChannelHeap(active);
      }
      return true;
    },
    warm(untilMs, maxSteps) {
      const untilUs = toMicros(Math.ceil(untilMs));
      const busy = new Set([...active, ...waiting]);
      let steps = 0;
      for (const name of config.channels) {
        const sim = simOf(name);
        if (busy.has(sim)) continue;
        while (stampUs(sim.nextUs) < untilUs) {
          if (steps++ >= maxSteps) return false;
          if (sim.nextUs > worldUs) worldUs = sim.nextUs;
          sim.step();
          skipped++;
        }
      }
      return true;
    },
    get skipped() {
      return skipped;
    },
  };
}

interface Pending {
  readonly event: GeneratedEvent;
  /** The channel's place in the run's list: ties in time go to the channel listed first. */
  readonly index: number;
  readonly worldUs: number;
}

/** Whether an event at `us` of channel `index` comes before `item`. */
function before(us: number, index: number, item: Pending): boolean {
  return us < item.worldUs || (us === item.worldUs && index < item.index);
}
