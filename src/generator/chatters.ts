/**
 * Who speaks in a channel's chat, and who each of them is.
 *
 * A channel's users are ranked: ranks 0–49 are its 50 named regulars, made with the channel;
 * ranks from 50 on come from a larger pool, derived from their rank whenever they speak or pay. At any
 * moment the `chatter_count` last reported (C) bounds who can speak: a speaker's rank is drawn
 * from [0, C) with weight 1/(k + 0.6·C), a long tail in which the top chatter says about 1.7/C of
 * the chat (under 8% once C ≥ 22) and the most active user says three times as much as the least.
 *
 * A user is state, not a per-message draw: name colour, client and role (moderator, VIP) are
 * fixed when the user is made, from a random stream keyed by (seed, channel, rank), so they do
 * not depend on the order users first appear in. Roles and subscriptions are spread evenly over
 * the ranks so that their shares of chat lines hold on every channel, not just on average:
 * - two moderators and one VIP in every 100 ranks (2% and 1% of the users);
 * - 3 subscribers in every block of 20 ranks (15%). A new subscription makes its payer a
 *   subscriber at once; to keep the share, the block's longest-standing subscriber among the
 *   same kind of user (currently chatting or not) lapses, silently, as unrenewed subscriptions
 *   do, but never within a minute of subscribing. A renewal keeps its payer subscribed and makes
 *   them the newest.
 */
import { CLIENT_WEIGHTS, CLIENTS, CUSTOM_COLORS, DEFAULT_COLORS } from "./catalog_people.ts";
import { NAME_HEADS, NAME_TAILS } from "./catalog_people.ts";
import {
  chance,
  cumulative,
  flat,
  foldSeed,
  hashString,
  int,
  mix32,
  pick,
  type Rng,
  weighted,
} from "./random.ts";
import type { ChatClient } from "./types.ts";

/** Named regulars per channel (the seed: 50 usernames). */
export const REGULARS = 50;
/** The weight of rank k is 1/(k + FLATNESS·C): the top chatter says ≈ 1.7/C of the chat. */
const FLATNESS = 0.6;
const LOG_SPAN = Math.log(1 + 1 / FLATNESS);

const SUB_BLOCK = 20;
const SUBS_PER_BLOCK = 3;
const ROLE_BLOCK = 100;
/** A new or renewed subscriber keeps the badge at least this long (event time). */
const TENURE_US = 20_000_000;

export const ROLE_NONE = 0;
export const ROLE_MODERATOR = 1;
export const ROLE_VIP = 2;
export type Role = typeof ROLE_NONE | typeof ROLE_MODERATOR | typeof ROLE_VIP;

export type ChatMetadata = { readonly client: ChatClient; readonly color: string };

/** One user of a channel. Kept small: 10,000 channels hold half a million of them. */
export interface Member {
  readonly username: string;
  /** The user id, kept for pool users (cached); regulars derive it when needed (userIdOf). */
  readonly userId?: string;
  /** `{client, color}`, an object shared by every user with the same pair. */
  readonly metadata: ChatMetadata;
  readonly role: Role;
}

/** The users of one channel and their subscriptions. */
export interface Users {
  /** (seed, channel) folded into 32 bits: every per-user stream is keyed from it. */
  readonly hash: number;
  /** Distinct per Users object in this process: its key in the pool cache. */
  readonly id: number;
  /** The regulars, by rank. Pool users are not kept: each is derived again when met. */
  readonly regulars: readonly Member[];
  /** The blocks of 20 ranks whose subscribers changed (the others are as first drawn). */
  readonly subscribers: Map<number, Block>;
}

const CLIENT_CUMUL = cumulative(CLIENT_WEIGHTS);
const METADATA: ReadonlyMap<string, readonly ChatMetadata[]> = new Map(
  [...DEFAULT_COLORS, ...CUSTOM_COLORS].map((color) => [
    color,
    CLIENTS.map((client) => ({ client, color })),
  ]),
);

/** A username like `pixel_otter` or `turbofox42`. */
export function username(rng: Rng): string {
  const separator = chance(rng, 0.5) ? "_" : "";
  const digits = chance(rng, 0.6) ? String(int(rng, 1, 9999)) : "";
  return flat(pick(rng, NAME_HEADS) + separator + pick(rng, NAME_TAILS) + digits);
}

/** The channel's users: `REGULARS` distinct names drawn from the channel's own stream. */
export function createUsers(rng: Rng, seed: number, channelName: string): Users {
  const regulars: Member[] = [];
  const users: Users = {
    hash: (foldSeed(seed) ^ mix32(hashString("users:" + channelName))) >>> 0,
    id: nextUsersId++,
    regulars,
    subscribers: new Map(),
  };
  const names = new Set<string>();
  while (names.size < REGULARS) names.add(username(rng));
  for (const name of names) regulars.push(member(users, regulars.length, name));
  return users;
}

/** Pool users' names end in POOL_DIGITS_FROM + a bijection of the rank into [0, POOL_SIZE). */
const POOL_DIGITS_FROM = 10_000;
const POOL_SIZE = 90_000;

/** Salts of the per-user and per-block streams. */
const USER = 0x51ed270b;
const NAME = 0x7f4a7c15;
const ROLES = 0x2545f491;
const SUBSCRIBERS = 0x6c8e9cf5;

/**
 * A small counter-based stream for (users, salt, index): cheap to make (a user is made on first
 * use, thousands per second at high rates) and independent of the order users appear in.
 */
function streamOf(users: Users, salt: number, index: number): Rng {
  let state = mix32(users.hash ^ mix32((salt + Math.imul(index, 0x9e3779b9)) >>> 0));
  return {
    next(): number {
      state = (state + 0x9e3779b9) | 0;
      return mix32(state) | 0;
    },
  };
}

function member(users: Users, rank: number, name: string): Member {
  const rng = streamOf(users, USER, rank);
  const color = chance(rng, 0.7) ? pick(rng, DEFAULT_COLORS) : pick(rng, CUSTOM_COLORS);
  const client = weighted(rng, CLIENTS, CLIENT_CUMUL);
  return {
    username: name,
    metadata: METADATA.get(color)![CLIENTS.indexOf(client)]!,
    role: roleOf(users, rank),
  };
}

/** Distinct offsets in [0, size) for `block`, from a stream keyed by (seed, channel, what). */
function offsets(users: Users, salt: number, block: number, size: number, n: number): number[] {
  const rng = streamOf(users, salt, block);
  const out: number[] = [];
  while (out.length < n) {
    const offset = int(rng, 0, size - 1);
    if (!out.includes(offset)) out.push(offset);
  }
  return out;
}

/** Per 100 ranks: two moderators and a VIP, at offsets drawn for the block. */
function roleOf(users: Users, rank: number): Role {
  const [moderator1, moderator2, vip] = offsets(
    users,
    ROLES,
    Math.floor(rank / ROLE_BLOCK),
    ROLE_BLOCK,
    3,
  );
  const offset = rank % ROLE_BLOCK;
  if (offset === moderator1 || offset === moderator2) return ROLE_MODERATOR;
  return offset === vip ? ROLE_VIP : ROLE_NONE;
}

/**
 * The user at `rank`. Pool users are derived again each time (nothing kept, so memory does not
 * grow with the audience): their names end in five digits that are a bijection of the rank, so
 * they are distinct from each other and from the regulars (at most four digits).
 */
export function memberAt(users: Users, rank: number): Member {
  if (rank < REGULARS) return users.regulars[rank]!;
  const slot = mix32(Math.imul(users.id, 0x9e3779b1) ^ rank) & CACHE_MASK;
  if (cacheIds[slot] === users.id && cacheRanks[slot] === rank) return cacheMembers[slot]!;
  const made = poolMember(users, rank);
  cacheIds[slot] = users.id;
  cacheRanks[slot] = rank;
  cacheMembers[slot] = made;
  return made;
}

function poolMember(users: Users, rank: number): Member {
  const rng = streamOf(users, NAME, rank);
  const separator = chance(rng, 0.5) ? "_" : "";
  const digits = POOL_DIGITS_FROM + ((rank * 7919 + (users.hash % POOL_SIZE)) % POOL_SIZE);
  const name = flat(pick(rng, NAME_HEADS) + separator + pick(rng, NAME_TAILS) + digits);
  return { ...member(users, rank, name), userId: userIdOf(name) };
}

/** The user id of a username: the same name always maps to the same id. */
export function userIdOf(username: string): string {
  return "user_" + String(1_000_000 + (hashString(username) % 9_000_000));
}

/**
 * Pool users recently met, in a direct-mapped cache shared by every channel of the process:
 * deriving a user costs a few hundred nanoseconds, and a channel's active chatters are met over
 * and over. Bounded (2^16 users, a few MB) whatever the channels and audiences; a miss derives
 * the same user again, so the cache never changes what is generated.
 */
const CACHE_MASK = (1 << 16) - 1;
const cacheIds = new Int32Array(CACHE_MASK + 1).fill(-1);
const cacheRanks = new Int32Array(CACHE_MASK + 1);
const cacheMembers: (Member | undefined)[] = new Array(CACHE_MASK + 1).fill(undefined);
let nextUsersId = 0;

/** A speaker's rank among `chatters` (≥ 1) for a uniform `u`: the long tail described above. */
export function speakerRank(u: number, chatters: number): number {
  const c = chatters < 1 ? 1 : chatters;
  const rank = Math.floor(FLATNESS * c * (Math.exp(u * LOG_SPAN) - 1));
  return rank >= c ? c - 1 : rank;
}

/** The ranks of one block's subscribers, longest-standing first, and since when (epoch µs). */
interface Block {
  readonly ranks: number[];
  readonly since: number[];
}

/** Subscribers as first drawn: 3 of the block's 20 ranks. */
function drawnSubscribers(users: Users, index: number): number[] {
  return offsets(users, SUBSCRIBERS, index, SUB_BLOCK, SUBS_PER_BLOCK)
    .map((offset) => index * SUB_BLOCK + offset);
}

/** The block of `rank`, kept from now on (it is about to change). */
function blockOf(users: Users, rank: number): Block {
  const index = Math.floor(rank / SUB_BLOCK);
  let block = users.subscribers.get(index);
  if (block === undefined) {
    const ranks = drawnSubscribers(users, index);
    block = { ranks, since: ranks.map(() => -Infinity) };
    users.subscribers.set(index, block);
  }
  return block;
}

/** The block's subscribers, without keeping an unchanged block. */
function subscribersOf(users: Users, rank: number): readonly number[] {
  const index = Math.floor(rank / SUB_BLOCK);
  return users.subscribers.get(index)?.ranks ?? drawnSubscribers(users, index);
}

export function isSubscriber(users: Users, rank: number): boolean {
  const index = Math.floor(rank / SUB_BLOCK);
  const changed = users.subscribers.get(index);
  if (changed !== undefined) return changed.ranks.includes(rank);
  // As first drawn: the block's 3 distinct offsets, drawn without allocating.
  const rng = streamOf(users, SUBSCRIBERS, index);
  const offset = rank - index * SUB_BLOCK;
  let a = -1;
  let b = -1;
  for (let found = 0; found < SUBS_PER_BLOCK;) {
    const drawn = int(rng, 0, SUB_BLOCK - 1);
    if (drawn === a || drawn === b) continue;
    if (drawn === offset) return true;
    if (found === 0) a = drawn;
    else b = drawn;
    found++;
  }
  return false;
}

/**
 * A user who is not a subscriber, near `rank`: `rank` itself if it is not one, else the next
 * non-subscriber of its block among those chatting (rank < chatters) when there is one.
 */
export function nonSubscriberNear(users: Users, rank: number, chatters: number): number {
  const subs = subscribersOf(users, rank);
  const start = rank - (rank % SUB_BLOCK);
  for (let i = 0; i < SUB_BLOCK; i++) {
    const candidate = start + ((rank - start + i) % SUB_BLOCK);
    if (!subs.includes(candidate) && (candidate < chatters || i === SUB_BLOCK - 1)) {
      return candidate;
    }
  }
  return rank;
}

/** A subscriber of `rank`'s block, preferring one who is chatting (rank < chatters). */
export function subscriberNear(users: Users, rank: number, chatters: number, u: number): number {
  const subs = subscribersOf(users, rank);
  const chatting = subs.filter((r) => r < chatters);
  const from = chatting.length > 0 ? chatting : subs;
  return from[Math.floor(u * from.length)]!;
}

/**
 * `rank` subscribes at `us`. To keep 3 subscribers per block (and chat's 15%), the block's
 * longest-standing subscriber of the same kind (chatting or not, by `chatters`) lapses — but
 * never one who subscribed or renewed in the last minute: then the block holds one more for a
 * while, and the next subscription lapses two.
 */
export function subscribe(users: Users, rank: number, chatters: number, us: number): void {
  const block = blockOf(users, rank);
  if (block.ranks.includes(rank)) return renew(users, rank, us);
  block.ranks.push(rank);
  block.since.push(us);
  const chatting = rank < chatters;
  while (block.ranks.length > SUBS_PER_BLOCK) {
    let lapse = -1;
    for (let i = 0; i < block.ranks.length - 1 && lapse < 0; i++) {
      if (block.since[i]! <= us - TENURE_US && (block.ranks[i]! < chatters) === chatting) lapse = i;
    }
    for (let i = 0; i < block.ranks.length - 1 && lapse < 0; i++) {
      if (block.since[i]! <= us - TENURE_US) lapse = i;
    }
    if (lapse < 0) return;
    block.ranks.splice(lapse, 1);
    block.since.splice(lapse, 1);
  }
}

/** `rank` renews at `us`: still a subscriber, now the newest of the block. */
export function renew(users: Users, rank: number, us: number): void {
  const block = blockOf(users, rank);
  const at = block.ranks.indexOf(rank);
  if (at < 0) return;
  block.ranks.splice(at, 1);
  block.since.splice(at, 1);
  block.ranks.push(rank);
  block.since.push(us);
}
