/**
 * A live channel's audience over time: a mean-reverting random walk with a drifting trend (raids
 * add to it), plus short-lived spikes and drops. Everything scales with the
 * time elapsed between updates, so the curve looks the same whether a channel is sampled every
 * 10 ms or every 10 minutes.
 *
 * The seed's numbers, and how they are read here:
 * - base audience 100–5000 per channel (the level the walk reverts to once a stream has ramped up);
 * - ±15% volatility: per minute of stream time the walk moves by up to ±15% (uniform noise,
 *   scaled by √(elapsed/1 min)), and never by more than ±15% between two updates;
 * - spikes of +50–500 and drops of 20–200 viewers come at 0.2% and 0.1% per viewer update at the
 *   seed's default pace (one update per channel every 0.5 s), i.e. as time hazards of 0.004/s and
 *   0.002/s; a drop never takes more than half the audience;
 * - chatters are 5–20% of viewers (a slowly wandering share).
 */
import { between, chance, float, logInt, type Rng } from "./random.ts";
import { US_PER_MINUTE, US_PER_SECOND, utcDay } from "./timestamp.ts";

export const BASE_MIN = 100;
export const BASE_MAX = 5000;
export const VOLATILITY = 0.15;
/** Chance per viewer update at the seed's default pace of one update per 0.5 s. */
export const SPIKE_CHANCE = 0.002;
export const DROP_CHANCE = 0.001;
export const REFERENCE_UPDATE_US = 500_000;
export const SPIKE_MIN = 50;
export const SPIKE_MAX = 500;
export const DROP_MIN = 20;
export const DROP_MAX = 200;
export const CHATTER_SHARE_MIN = 0.05;
export const CHATTER_SHARE_MAX = 0.2;

/** Pull of the walk back towards its target, per minute, on the log scale. */
const REVERSION_PER_MINUTE = 0.08;
/** The trend: a drift of up to ±2% per minute, redrawn every 5–30 minutes. */
const TREND_MAX = 0.02;
const SPIKE_RATE_PER_US = -Math.log(1 - SPIKE_CHANCE) / REFERENCE_UPDATE_US;
const DROP_RATE_PER_US = -Math.log(1 - DROP_CHANCE) / REFERENCE_UPDATE_US;
/** Spikes and drops are moments: they fade with a 2-minute half-life. */
const SPIKE_TAU_US = (2 * US_PER_MINUTE) / Math.LN2;
/** New followers per viewer per minute, and per raider. */
const FOLLOWS_PER_VIEWER_MINUTE = 0.001;
const FOLLOWS_PER_RAIDER = 0.02;

export interface Audience {
  /** The channel's typical audience once a stream has ramped up. */
  readonly base: number;
  /** The random-walk level (fractional viewers). */
  level: number;
  /** Transient viewers from spikes (positive) and drops (negative). */
  spikeBonus: number;
  /** Current drift of the walk per minute (log scale). */
  trend: number;
  trendUntilUs: number;
  /** Time of the last update. */
  lastUs: number;
  /** Share of viewers connected to chat. */
  chatterShare: number;
  /** Followers, fractional while they accrue; reported floored, so never decreasing. */
  followers: number;
  subscribers: number;
  /** The last reported viewer count, and the chatters with it. */
  viewers: number;
  chatters: number;
  /** Highest viewer count reported on UTC day `peakDay` (by updateAudience). */
  peak: number;
  peakDay: number;
}

/** A channel's audience before its first stream. */
export function createAudience(rng: Rng): Audience {
  const base = Math.round(between(rng, BASE_MIN, BASE_MAX));
  return {
    base,
    level: base,
    spikeBonus: 0,
    trend: 0,
    trendUntilUs: 0,
    lastUs: 0,
    chatterShare: between(rng, CHATTER_SHARE_MIN, CHATTER_SHARE_MAX),
    followers: Math.round(base * between(rng, 10, 60)),
    subscribers: Math.round(base * between(rng, 0.03, 0.12)),
    viewers: 0,
    chatters: 0,
    peak: 0,
    peakDay: Number.NaN,
  };
}

/** A stream starts: the audience begins at a quarter to a half of the base and ramps up. */
export function startAudience(audience: Audience, rng: Rng, us: number): void {
  audience.level = audience.base * between(rng, 0.25, 0.5);
  audience.spikeBonus = 0;
  audience.trendUntilUs = us;
  audience.lastUs = us;
  report(audience);
}

/** The audience right now, as the chat and transaction share of a channel is weighted. */
export function currentViewers(audience: Audience): number {
  return Math.max(1, Math.round(audience.level + audience.spikeBonus));
}

/**
 * One walk step of relative size for `elapsedUs` of stream time towards `target`: drift and
 * reversion scale with the elapsed fraction f of a minute (capped at 1), noise with √f, and the
 * step is clamped to ±15%. `noise` is uniform in [-1, 1].
 */
export function walkStep(
  level: number,
  target: number,
  trend: number,
  elapsedUs: number,
  noise: number,
): number {
  const f = elapsedUs >= US_PER_MINUTE ? 1 : elapsedUs / US_PER_MINUTE;
  const drift = (trend + REVERSION_PER_MINUTE * Math.log(target / level)) * f;
  const step = drift + VOLATILITY * Math.sqrt(f) * noise;
  return step > VOLATILITY ? VOLATILITY : step < -VOLATILITY ? -VOLATILITY : step;
}

/**
 * Advances the audience to `us` and reports it (viewers, chatters, peak). Returns the size of a
 * spike (> 0) or drop (< 0) that happened since the previous update, or 0.
 */
export function updateAudience(audience: Audience, rng: Rng, us: number): number {
  const elapsed = us - audience.lastUs;
  audience.lastUs = us;
  if (us >= audience.trendUntilUs) {
    audience.trend = between(rng, -TREND_MAX, TREND_MAX);
    audience.trendUntilUs = us + between(rng, 5, 30) * US_PER_MINUTE;
  }
  audience.level *= 1 +
    walkStep(audience.level, audience.base, audience.trend, elapsed, 2 * float(rng) - 1);
  if (elapsed > 0) {
    audience.spikeBonus *= Math.exp(-elapsed / SPIKE_TAU_US);
    audience.followers += audience.viewers * FOLLOWS_PER_VIEWER_MINUTE * (elapsed / US_PER_MINUTE);
    const share = audience.chatterShare + 0.01 * Math.sqrt(elapsed / US_PER_SECOND / 60) *
        (2 * float(rng) - 1);
    audience.chatterShare = share < CHATTER_SHARE_MIN
      ? CHATTER_SHARE_MIN
      : share > CHATTER_SHARE_MAX
      ? CHATTER_SHARE_MAX
      : share;
  }
  const jump = suddenChange(audience, rng, elapsed);
  report(audience);
  const day = utcDay(us);
  if (day !== audience.peakDay) {
    audience.peakDay = day;
    audience.peak = 0;
  }
  if (audience.viewers > audience.peak) audience.peak = audience.viewers;
  return jump;
}

/** A spike or drop in the elapsed time, fading from the moment it happened. */
function suddenChange(audience: Audience, rng: Rng, elapsed: number): number {
  if (elapsed <= 0) return 0;
  let jump = 0;
  if (chance(rng, 1 - Math.exp(-SPIKE_RATE_PER_US * elapsed))) {
    jump = logInt(rng, SPIKE_MIN, SPIKE_MAX);
  } else if (chance(rng, 1 - Math.exp(-DROP_RATE_PER_US * elapsed))) {
    const audienceNow = audience.level + audience.spikeBonus;
    jump = -Math.min(logInt(rng, DROP_MIN, DROP_MAX), Math.floor(audienceNow / 2));
  }
  if (jump !== 0) {
    const age = elapsed * float(rng);
    audience.spikeBonus += jump * Math.exp(-age / SPIKE_TAU_US);
  }
  return jump === 0 ? 0 : jump;
}

/**
 * Raiders arrive: `viewers` more right away. They join the walk's level, so they drift off as
 * the walk reverts to the base (the excess halves in about 9 minutes); some of them follow.
 */
export function raidAudience(audience: Audience, viewers: number): void {
  audience.level += viewers;
  audience.followers += viewers * FOLLOWS_PER_RAIDER;
}

/** Takes the counts a viewer event reports. */
function report(audience: Audience): void {
  const viewers = currentViewers(audience);
  audience.viewers = viewers;
  const chatters = Math.round(viewers * audience.chatterShare);
  audience.chatters = chatters > viewers ? viewers : chatters;
}
