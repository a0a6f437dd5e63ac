/**
 * The main thread's record of the generator's steps (`--workers N`): its generator is wrapped so
 * that every step taken is noted, with the event it yielded, until the pool sends them on.
 */
import type { Generator } from "../../generator/generate.ts";
import type { GeneratedEvent } from "../../generator/types.ts";
import type { TimedEvents } from "../run_world.ts";

export interface TakenSteps {
  readonly seq0: number;
  readonly count: number;
  /** Seed profile: the time of each step. */
  readonly ats: Float64Array | undefined;
  /** The events the steps yielded, in order (numbered from seq0). */
  readonly events: readonly GeneratedEvent[];
}

export class StepRecorder {
  #seq = 0;
  #ats: number[] = [];
  #events: GeneratedEvent[] = [];
  #timed = false;

  /** The seed profile's generator, noting each `next(at)`. */
  seed(generator: Generator): Generator {
    this.#timed = true;
    return {
      next: (at) => {
        const event = generator.next(at);
        this.#ats.push(at);
        this.#events.push(event);
        return event;
      },
    };
  }

  /** The realistic profile's world, noting each `next()`. */
  world<T extends TimedEvents>(world: T): TimedEvents {
    return {
      peekMs: () => world.peekMs(),
      next: () => {
        const event = world.next();
        this.#events.push(event);
        return event;
      },
    };
  }

  /** The steps since the last call. */
  take(): TakenSteps {
    const events = this.#events;
    const steps: TakenSteps = {
      seq0: this.#seq,
      count: events.length,
      ats: this.#timed ? Float64Array.from(this.#ats) : undefined,
      events,
    };
    this.#seq += events.length;
    this.#events = [];
    this.#ats = [];
    return steps;
  }
}
