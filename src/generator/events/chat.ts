/**
 * Chat messages: a user of the channel (chatters.ts: a long tail bounded by the channel's
 * chatter count) says one of the templates in use, its emote slots filled from the template's
 * mood. Badges and client belong to the user; /me actions (5%) are per message, as in the seed.
 * A cheer is one act with its bits transaction (events/cheer.ts): `cheer` gives the bits.
 */
import { currentViewers } from "../audience.ts";
import type { ChatTemplate } from "../catalog_chat.ts";
import {
  isSubscriber,
  type Member,
  memberAt,
  ROLE_MODERATOR,
  ROLE_VIP,
  speakerRank,
} from "../chatters.ts";
import { flat, float, uuid4 } from "../random.ts";
import type { ChatBadge, ChatMessage } from "../types.ts";
import { type Channel, userIdOf } from "../world.ts";

export const ACTION_CHANCE = 0.05;

const BADGES: Readonly<Record<string, readonly ChatBadge[]>> = {
  none: [],
  subscriber: ["subscriber"],
  moderator: ["moderator"],
  vip: ["vip"],
  moderatorSubscriber: ["moderator", "subscriber"],
  vipSubscriber: ["vip", "subscriber"],
};

/** How many users may speak now: the chatter count last reported, else the audience's share. */
export function activeChatters(channel: Channel): number {
  const audience = channel.audience;
  if (audience.chatters > 0) return audience.chatters;
  return Math.max(1, Math.round(currentViewers(audience) * audience.chatterShare));
}

/** A speaker: a rank drawn from the long tail over the active chatters. */
export function speaker(channel: Channel): number {
  return speakerRank(float(channel.rng), activeChatters(channel));
}

function badgesOf(channel: Channel, rank: number, member: Member): readonly ChatBadge[] {
  const subscriber = isSubscriber(channel.users, rank);
  if (member.role === ROLE_MODERATOR) {
    return subscriber ? BADGES.moderatorSubscriber! : BADGES.moderator!;
  }
  if (member.role === ROLE_VIP) return subscriber ? BADGES.vipSubscriber! : BADGES.vip!;
  return subscriber ? BADGES.subscriber! : BADGES.none!;
}

/** A chat line by the user at `rank` (a drawn speaker unless given); `bits` > 0 for a cheer. */
export function chatMessage(
  channel: Channel,
  timestamp: string,
  templates: readonly ChatTemplate[],
  rank: number = speaker(channel),
  bits = 0,
): ChatMessage {
  const rng = channel.rng;
  const messageId = uuid4(rng);
  const member = memberAt(channel.users, rank);
  const template = templates[Math.floor(float(rng) * templates.length)]!;
  const variant = template.variants[Math.floor(float(rng) * template.variants.length)]!;
  const isAction = float(rng) < ACTION_CHANCE;
  const text = bits > 0 ? flat("Cheer" + bits + " " + variant.text) : variant.text;
  return {
    message_id: messageId,
    channel: channel.name,
    stream_id: channel.streamId,
    username: member.username,
    user_id: member.userId ?? userIdOf(member.username),
    message: text,
    emotes: variant.emotes,
    badges: badgesOf(channel, rank, member),
    is_action: isAction,
    bits,
    sentiment_hint: template.sentiment,
    timestamp,
    metadata: member.metadata,
  };
}
