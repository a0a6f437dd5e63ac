/**
 * The realistic profile's one door to the seed world's event builders and channel state: every
 * call into events/, world.ts, lifecycle.ts and audience.ts goes through here, so when their
 * signatures change only this module follows.
 */
import { type ChatTemplate, chatTemplatesFor } from "../catalog_chat.ts";
import { CLIENTS, OTHER_CHANNELS } from "../catalog_people.ts";
import { chatMessage, chatterIndex } from "../events/chat.ts";
import { streamMeta } from "../events/stream_meta.ts";
import { transaction } from "../events/transaction.ts";
import { viewerCount, type ViewerUpdate } from "../events/viewer.ts";
import {
  changeCategory,
  changeTitle,
  endStream,
  outgoingRaidSize,
  receiveRaid,
  startStream,
} from "../lifecycle.ts";
import { flat, float, type Rng } from "../random.ts";
import type {
  ChannelHandover,
  ChatMessage,
  StreamMeta,
  StreamMetaType,
  Transaction,
  TransactionType,
  ViewerCount,
} from "../types.ts";
import { type Channel, createChannel, userIdOf } from "../world.ts";

export type { Channel, ChatTemplate, ViewerUpdate };
export { changeCategory, changeTitle, endStream, outgoingRaidSize, receiveRaid, startStream };

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Channels outside the configured ones: where raids come from and go to, whom hosts show. */
export const OUTSIDE_CHANNELS: readonly string[] = OTHER_CHANNELS;

/** A channel of the seed world (community, language, audience…), offline. */
export function newChannel(name: string, index: number, seed: number): Channel {
  return createChannel(name, index, seed, 0);
}

/** The chat templates of the channel's language in use (MESSAGE_VARIANTS of them at most). */
export function chatTemplates(channel: Channel, variants: number): readonly ChatTemplate[] {
  return chatTemplatesFor(channel.language, variants);
}

/** The user ids of the channel's community, in its order (computed once per channel). */
export function communityUserIds(channel: Channel): readonly string[] {
  return channel.community.map((member) => userIdOf(member.username));
}

/** The typical audience of a channel once a stream has ramped up. */
export function baseAudience(channel: Channel): number {
  return channel.audience.base;
}

/** Viewers and chatters of the channel's latest viewer_count. */
export function reportedViewers(channel: Channel): number {
  return channel.audience.viewers;
}
export function reportedChatters(channel: Channel): number {
  return channel.audience.chatters;
}

/** Sets the subscriber count before the channel's first event. */
export function setSubscribers(channel: Channel, subscribers: number): void {
  channel.audience.subscribers = subscribers;
}

/**
 * A chat line by one of the first `activeChatters` members of the community (the seed's skew
 * towards regulars kept), so that distinct chatters never outnumber the chatter_count. Bits are
 * taken off: a cheer is a bits transaction of its own until cheers become one act in the seed
 * world too.
 */
export function chatLine(
  channel: Channel,
  timestamp: string,
  templates: readonly ChatTemplate[],
  activeChatters: number,
  rng: Rng,
  userIds: readonly string[],
): ChatMessage {
  const value = chatMessage(channel, timestamp, templates) as Writable<ChatMessage>;
  const community = channel.community;
  if (activeChatters < community.length) {
    const index = chatterIndex(float(rng), Math.max(1, activeChatters));
    const member = community[index]!;
    if (member.username !== value.username) {
      value.username = member.username;
      value.user_id = userIds[index]!;
      value.metadata = member.metadata[CLIENTS.indexOf(value.metadata.client)]!;
    }
  }
  if (value.bits > 0) {
    value.bits = 0;
    value.message = flat(value.message.slice(value.message.indexOf(" ") + 1));
  }
  return value;
}

/** A viewer_count at world time `us`. */
export function viewerSnapshot(channel: Channel, us: number, timestamp: string): ViewerUpdate {
  return viewerCount(channel, us, timestamp);
}

/**
 * Rewrites a viewer_count's uptime and day peak to follow the timestamps when these run slower
 * than the world (a time-lapse), so both still agree with what a consumer computes from them.
 */
export function restamp(value: ViewerCount, uptimeSeconds: number, peakToday: number): void {
  const metadata = value.metadata as Writable<ViewerCount["metadata"]>;
  metadata.stream_uptime_seconds = uptimeSeconds;
  metadata.peak_today = peakToday;
}

export function payment(channel: Channel, timestamp: string, type: TransactionType): Transaction {
  return transaction(channel, timestamp, type);
}

export function metaEvent(
  channel: Channel,
  type: StreamMetaType,
  timestamp: string,
  handover?: ChannelHandover,
): StreamMeta {
  return streamMeta(channel, type, timestamp, handover);
}
