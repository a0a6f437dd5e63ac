/**
 * The realistic profile's one door to the seed world's event builders and channel state: every
 * call into events/, world.ts, lifecycle.ts and audience.ts goes through here, so when their
 * signatures change only this module follows.
 */
import { type ChatTemplate, chatTemplatesFor } from "../catalog_chat.ts";
import { OTHER_CHANNELS } from "../catalog_people.ts";
import { chatMessage } from "../events/chat.ts";
import { cheer } from "../events/cheer.ts";
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
import type {
  ChannelHandover,
  ChatMessage,
  StreamMeta,
  StreamMetaType,
  Transaction,
  TransactionType,
  ViewerCount,
} from "../types.ts";
import { type Channel, createChannel } from "../world.ts";

export type { Channel, ChatTemplate, ViewerUpdate };
export { changeCategory, changeTitle, endStream, outgoingRaidSize, receiveRaid, startStream };

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Channels outside the configured ones: where raids come from and go to, whom hosts show. */
export const OUTSIDE_CHANNELS: readonly string[] = OTHER_CHANNELS;

/** A channel of the seed world (users, language, audience…), offline. */
export function newChannel(name: string, index: number, seed: number): Channel {
  return createChannel(name, index, seed, 0);
}

/** The chat templates of the channel's language in use (MESSAGE_VARIANTS of them at most). */
export function chatTemplates(channel: Channel, variants: number): readonly ChatTemplate[] {
  return chatTemplatesFor(channel.language, variants);
}

/** The typical audience of a channel once a stream has ramped up. */
export function baseAudience(channel: Channel): number {
  return channel.audience.base;
}

/** Viewers of the channel's latest viewer_count. */
export function reportedViewers(channel: Channel): number {
  return channel.audience.viewers;
}

/** Sets the subscriber count before the channel's first event. */
export function setSubscribers(channel: Channel, subscribers: number): void {
  channel.audience.subscribers = subscribers;
}

/** A chat line by one of the users the chatter count allows (the seed world's long tail). */
export function chatLine(
  channel: Channel,
  timestamp: string,
  templates: readonly ChatTemplate[],
): ChatMessage {
  return chatMessage(channel, timestamp, templates);
}

/** A cheer: its chat line and its bits transaction, one act at one instant. */
export function cheerAct(
  channel: Channel,
  us: number,
  timestamp: string,
  templates: readonly ChatTemplate[],
): { readonly chat: ChatMessage; readonly transaction: Transaction } {
  return cheer(channel, us, timestamp, templates);
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

export function payment(
  channel: Channel,
  us: number,
  timestamp: string,
  type: TransactionType,
): Transaction {
  return transaction(channel, us, timestamp, type);
}

export function metaEvent(
  channel: Channel,
  type: StreamMetaType,
  timestamp: string,
  handover?: ChannelHandover,
): StreamMeta {
  return streamMeta(channel, type, timestamp, handover);
}
