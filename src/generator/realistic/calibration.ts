/**
 * The realistic profile's numbers: how often things happen on a live channel, per viewer and per
 * hour of stream. They are estimates from public figures (docs/event-model.md, "The realistic
 * profile", gives the sources and reasoning), chosen so that a channel of any size in the seed
 * world's range (100–5000 viewers) lands inside the bounds of the acceptance test.
 */
import type { TransactionType } from "../types.ts";

/** Chat messages per minute per 1,000 viewers, drawn per channel (log-uniform). */
export const CHAT_PER_MINUTE_PER_THOUSAND_MIN = 25;
export const CHAT_PER_MINUTE_PER_THOUSAND_MAX = 50;

/**
 * Small channels chat and pay more per viewer than big ones: per-viewer rates scale with
 * (base audience / 1,000) to this power (100 viewers: ×1.78; 5,000 viewers: ×0.67).
 */
export const ENGAGEMENT_EXPONENT = -0.25;

/** Transactions per 1,000 viewers per live hour, before a channel's generosity. */
export const TRANSACTIONS_PER_THOUSAND_VIEWER_HOURS: Readonly<Record<TransactionType, number>> = {
  subscription: 1.5,
  subscription_renewal: 3,
  gift_sub: 0.06,
  bits: 1,
  donation: 0.6,
};

/** A channel's community pays this much more or less than the average (log-uniform). */
export const GENEROSITY_MIN = 0.6;
export const GENEROSITY_MAX = 1.6;

/** Subscribers when the run begins, per viewer of the base audience. */
export const SUBSCRIBERS_PER_VIEWER_MIN = 0.5;
export const SUBSCRIBERS_PER_VIEWER_MAX = 1.5;

/** Viewer snapshots come every interval × [1 − jitter, 1 + jitter]. */
export const DEFAULT_VIEWER_INTERVAL_MS = 30_000;
export const VIEWER_INTERVAL_JITTER = 0.25;

/**
 * Hype: after a moment the chat runs at (1 + H·e^(−t/τ)) times its rate. H grows by these
 * amounts and is capped.
 */
export const HYPE_TAU_SECONDS = 90;
export const HYPE_RAID = 2;
export const HYPE_BIG_GIFT = 1;
export const HYPE_SPIKE = 0.5;
export const HYPE_MAX = 4;
/** A donation of at least this many dollars, or a gift of at least this many subs, is hype. */
export const BIG_DONATION_USD = 20;
export const BIG_GIFT_COUNT = 5;

/** Incoming raids per live hour (none in a stream's first 15 minutes) and their size. */
export const RAIDS_IN_PER_HOUR = 0.12;
export const RAID_IN_QUIET_MINUTES = 15;
export const RAID_IN_COOLDOWN_MINUTES = 20;
export const RAID_VIEWERS_MIN = 50;
/** An incoming raid brings at most this many times the channel's base audience (and 5,000). */
export const RAID_IN_MAX_PER_BASE = 1.5;
export const RAID_VIEWERS_MAX = 5000;
/** Share of streams that end with a raid on another channel. */
export const RAID_OUT_CHANCE = 0.5;

/** Title and category changes per stream: 0, 1, 2, 3 titles; 0, 1, 2 categories. */
export const TITLE_CHANGE_WEIGHTS: readonly number[] = [0.35, 0.35, 0.2, 0.1];
export const CATEGORY_CHANGE_WEIGHTS: readonly number[] = [0.6, 0.3, 0.1];
/** Changes fall after the first 10 and before the last 15 minutes of a stream. */
export const CHANGE_AFTER_START_MINUTES = 10;
export const CHANGE_BEFORE_END_MINUTES = 15;

/** Share of offline periods with a host, starting 2–60 minutes after the stream ended. */
export const HOST_CHANCE = 0.3;
export const HOST_AFTER_END_MINUTES_MIN = 2;
export const HOST_AFTER_END_MINUTES_MAX = 60;
