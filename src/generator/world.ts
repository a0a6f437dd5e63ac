/**
 * Per-channel state: who the community is, what the channel broadcasts, whether it is live, and
 * its audience. Each channel draws from its own random stream keyed by (seed, channel name), so
 * a channel is the same world whichever other channels run beside it (or on another shard).
 */
import { type Audience, createAudience } from "./audience.ts";
import { createUsers, type Users } from "./chatters.ts";
import {
  CATEGORIES,
  type Category,
  ENCODER_WEIGHTS,
  ENCODERS,
  GENERAL_TAGS,
  LANGUAGE_TAGS,
  LANGUAGE_WEIGHTS,
  LANGUAGES,
  QUALITIES,
  QUALITY_WEIGHTS,
} from "./catalog_stream.ts";
import { chance, createRng, cumulative, flat, int, pick, type Rng, weighted } from "./random.ts";
import type { ChannelHandover, Encoder, StreamQuality } from "./types.ts";

export interface Channel {
  readonly index: number;
  readonly name: string;
  readonly rng: Rng;
  /** Who chats and pays: 50 named regulars and a larger pool (chatters.ts). */
  readonly users: Users;
  readonly language: string;
  readonly isMature: boolean;
  readonly audience: Audience;
  title: string;
  category: Category;
  tags: readonly string[];
  metadata: { readonly stream_quality: StreamQuality; readonly encoder: Encoder };
  live: boolean;
  /** The current stream's id while live; the last stream's id (or "") while offline. */
  streamId: string;
  streamStartUs: number;
  /** While live: when the stream is planned to end. While offline: when the next one starts. */
  dueUs: number;
  /** The end of the stream has been announced (a raid_outgoing, or the choice not to raid). */
  ending: boolean;
  /** While offline, the channel this one hosts, if any. */
  hosting: ChannelHandover | undefined;
  /** This offline period already had its host: a channel hosts at most once between streams. */
  hostedThisBreak: boolean;
  /** Earliest times the next raid_incoming / category_change may happen. */
  raidReadyUs: number;
  categoryReadyUs: number;
}

export { userIdOf } from "./chatters.ts";

const LANGUAGE_CUMUL = cumulative(LANGUAGE_WEIGHTS);
const ENCODER_CUMUL = cumulative(ENCODER_WEIGHTS);
const QUALITY_CUMUL = cumulative(QUALITY_WEIGHTS);

/** Tags for a stream: its language, one or two of the category's, up to two general ones. */
export function streamTags(rng: Rng, language: string, category: Category): readonly string[] {
  const tags = new Set<string>([LANGUAGE_TAGS[language]!]);
  const fromCategory = int(rng, 1, Math.min(2, category.tags.length));
  while (tags.size < 1 + fromCategory) tags.add(pick(rng, category.tags));
  const general = int(rng, 0, 2);
  for (let i = 0; i < general; i++) tags.add(pick(rng, GENERAL_TAGS));
  return [...tags];
}

/** A channel at rest: offline, its first stream due at `firstStartUs`. */
export function createChannel(
  name: string,
  index: number,
  seed: number,
  firstStartUs: number,
): Channel {
  const rng = createRng(seed, "channel:" + name);
  const language = weighted(rng, LANGUAGES, LANGUAGE_CUMUL);
  const category = pick(rng, CATEGORIES);
  return {
    index,
    name: flat(name),
    rng,
    users: createUsers(rng, seed, name),
    language,
    isMature: chance(rng, 0.15),
    audience: createAudience(rng),
    title: pick(rng, category.titles),
    category,
    tags: streamTags(rng, language, category),
    metadata: broadcastMetadata(rng, weighted(rng, ENCODERS, ENCODER_CUMUL)),
    live: false,
    streamId: "",
    streamStartUs: 0,
    dueUs: firstStartUs,
    ending: false,
    hosting: undefined,
    hostedThisBreak: false,
    raidReadyUs: 0,
    categoryReadyUs: 0,
  };
}

/** Quality is chosen per stream; the encoder belongs to the broadcaster's setup. */
export function broadcastMetadata(
  rng: Rng,
  encoder: Encoder,
): { readonly stream_quality: StreamQuality; readonly encoder: Encoder } {
  return { stream_quality: weighted(rng, QUALITIES, QUALITY_CUMUL), encoder };
}

/** A title other than the current one that fits the channel's category. */
export function nextTitle(channel: Channel): string {
  const titles = channel.category.titles;
  let title = channel.title;
  while (title === channel.title) title = pick(channel.rng, titles);
  return title;
}

/** Whether `title` fits `category` (a ranked-play title does not fit Music). */
export function titleFits(title: string, category: Category): boolean {
  return category.titles.includes(title);
}

/** A category other than the current one. */
export function nextCategory(channel: Channel): Category {
  let category = channel.category;
  while (category === channel.category) category = pick(channel.rng, CATEGORIES);
  return category;
}
