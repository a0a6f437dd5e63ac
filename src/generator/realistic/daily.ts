/**
 * A channel's daily rhythm: a time zone from its language, a habitual start in its local
 * afternoon or evening and a habitual stream length. Each local day's stream starts within half
 * an hour of the habit and lasts its length ± 20 minutes, drawn from a stream keyed by the day,
 * so the schedule is a pure function of (seed, channel, day): a run starting at any time finds
 * each channel where its habits put it.
 */
import { between, createRng, cumulative, pick, type Rng, weighted } from "../random.ts";
import { US_PER_DAY, US_PER_HOUR, US_PER_MINUTE } from "../timestamp.ts";

/** UTC offsets (hours) a channel of each language may live in; standard time, no DST. */
const ZONES: Readonly<Record<string, readonly number[]>> = {
  // US Pacific and Eastern, UK, US Eastern again (the biggest audience), Australia East.
  en: [-8, -5, 0, -5, -6, 10],
  es: [-6, 1, -3, -5],
  de: [1],
  fr: [1],
  ru: [3],
  "pt-BR": [-3],
  ja: [9],
  ko: [9],
};

/** Habitual local start hours and how common they are. */
const START_HOURS: readonly number[] = [12, 14, 16, 17, 18, 19, 20, 21];
const START_HOUR_CUMUL = cumulative([0.05, 0.1, 0.15, 0.15, 0.2, 0.15, 0.12, 0.08]);

export const STREAM_HOURS_MIN = 5;
export const STREAM_HOURS_MAX = 10;
const START_JITTER_MINUTES = 30;
const LENGTH_JITTER_MINUTES = 20;

export interface Habit {
  /** Local time = UTC + offset. */
  readonly utcOffsetUs: number;
  /** Minutes after local midnight at which the channel usually goes live. */
  readonly startMinute: number;
  readonly streamHours: number;
}

export interface StreamWindow {
  readonly startUs: number;
  readonly endUs: number;
}

export function habitOf(rng: Rng, language: string): Habit {
  const zone = pick(rng, ZONES[language] ?? [0]);
  const hour = weighted(rng, START_HOURS, START_HOUR_CUMUL);
  return {
    utcOffsetUs: zone * US_PER_HOUR,
    startMinute: hour * 60 + Math.floor(between(rng, 0, 60)),
    streamHours: between(rng, STREAM_HOURS_MIN, STREAM_HOURS_MAX),
  };
}

/** The stream of local day `day` (days since the epoch in the channel's time zone). */
export function windowOfDay(seed: number, name: string, habit: Habit, day: number): StreamWindow {
  const rng = createRng(seed, `realistic:${name}:day:${day}`);
  const startUs = Math.floor(
    day * US_PER_DAY - habit.utcOffsetUs +
      (habit.startMinute + between(rng, -START_JITTER_MINUTES, START_JITTER_MINUTES)) *
        US_PER_MINUTE,
  );
  const minutes = habit.streamHours * 60 +
    between(rng, -LENGTH_JITTER_MINUTES, LENGTH_JITTER_MINUTES);
  return { startUs, endUs: startUs + Math.floor(minutes * US_PER_MINUTE) };
}

/** The first stream that has not ended by `us` (it may have begun already). */
export function windowAfter(seed: number, name: string, habit: Habit, us: number): StreamWindow {
  let day = Math.floor((us + habit.utcOffsetUs) / US_PER_DAY) - 1;
  for (;;) {
    const window = windowOfDay(seed, name, habit, day);
    if (window.endUs > us) return window;
    day++;
  }
}
