/**
 * How a channel's stream and settings change. Streams last 2–8 hours and channels stay offline
 * 15 minutes to 3 hours between them (unless chat needs a live channel sooner: see scheduler.ts).
 * Category changes and incoming raids have cool-downs so that even when stream_meta events are
 * frequent (they are 5% of all events, at any rate) a stream keeps a plausible shape; title
 * changes take the rest.
 */
import { raidAudience, startAudience } from "./audience.ts";
import { between, chance, decimalId, flat, pareto } from "./random.ts";
import { US_PER_HOUR, US_PER_MINUTE } from "./timestamp.ts";
import {
  broadcastMetadata,
  type Channel,
  nextCategory,
  nextTitle,
  streamTags,
  titleFits,
} from "./world.ts";

export const STREAM_HOURS_MIN = 2;
export const STREAM_HOURS_MAX = 8;
export const OFFLINE_MINUTES_MIN = 15;
export const OFFLINE_MINUTES_MAX = 180;
export const RAID_VIEWERS_MIN = 50;
export const RAID_VIEWERS_MAX = 5000;
/** Chance that a stream ends with a raid on another channel. */
export const RAID_OUT_CHANCE = 0.5;

/** Opens a new stream: new id, settings for the stream, the audience starts ramping up. */
export function startStream(channel: Channel, us: number): void {
  const rng = channel.rng;
  channel.live = true;
  channel.streamId = flat("stream_" + decimalId(rng, 10));
  channel.streamStartUs = us;
  channel.dueUs = us + between(rng, STREAM_HOURS_MIN, STREAM_HOURS_MAX) * US_PER_HOUR;
  channel.ending = false;
  channel.hosting = undefined;
  if (chance(rng, 0.4)) channel.category = nextCategory(channel);
  if (chance(rng, 0.5) || !titleFits(channel.title, channel.category)) {
    channel.title = nextTitle(channel);
  }
  channel.tags = streamTags(rng, channel.language, channel.category);
  channel.metadata = broadcastMetadata(rng, channel.metadata.encoder);
  channel.raidReadyUs = us + between(rng, 10, 60) * US_PER_MINUTE;
  channel.categoryReadyUs = us + between(rng, 15, 60) * US_PER_MINUTE;
  startAudience(channel.audience, rng, us);
}

/** Closes the stream; the next one is planned 15 minutes to 3 hours later. */
export function endStream(channel: Channel, us: number): void {
  channel.live = false;
  channel.hostedThisBreak = false;
  channel.dueUs = us +
    between(channel.rng, OFFLINE_MINUTES_MIN, OFFLINE_MINUTES_MAX) * US_PER_MINUTE;
}

/** A new title (always different from the current one). */
export function changeTitle(channel: Channel): void {
  channel.title = nextTitle(channel);
}

/**
 * A new category (always different), with tags to match, and a new title when the old one does
 * not fit it (no "Ranked grind" over Music); the next change waits 20–90 minutes.
 */
export function changeCategory(channel: Channel, us: number): void {
  channel.category = nextCategory(channel);
  if (!titleFits(channel.title, channel.category)) channel.title = nextTitle(channel);
  channel.tags = streamTags(channel.rng, channel.language, channel.category);
  channel.categoryReadyUs = us + between(channel.rng, 20, 90) * US_PER_MINUTE;
}

/**
 * Size of a raid from outside: 50–5000 viewers, heavy-tailed (Pareto, tail index 1.1): most
 * raids are small, half are under 95 viewers, and 5000 takes about 0.6% of them.
 */
export function incomingRaidSize(channel: Channel): number {
  return Math.floor(pareto(channel.rng, RAID_VIEWERS_MIN, RAID_VIEWERS_MAX, 1.1));
}

/** Size of the raid a channel sends out: most of its audience, within 50–5000. */
export function outgoingRaidSize(channel: Channel): number {
  const viewers = Math.round(channel.audience.viewers * between(channel.rng, 0.5, 0.9));
  return Math.min(RAID_VIEWERS_MAX, Math.max(RAID_VIEWERS_MIN, viewers));
}

/** Raiders arrive; the next raid waits 20–120 minutes. */
export function receiveRaid(channel: Channel, us: number, viewers: number): void {
  raidAudience(channel.audience, viewers);
  channel.raidReadyUs = us + between(channel.rng, 20, 120) * US_PER_MINUTE;
}
