/**
 * Chat messages: a community member says one of the templates in use, its emote slots filled
 * from the template's mood. Badges (15% subscriber, 2% moderator, 1% VIP), cheers (3%, 1–1000
 * bits) and /me actions (5%) are independent per message, as in the seed.
 */
import type { ChatTemplate } from "../catalog_chat.ts";
import { flat, float, logInt, uuid4, weightedIndex } from "../random.ts";
import type { ChatBadge, ChatMessage } from "../types.ts";
import { type Channel, CLIENT_CUMUL, userIdOf } from "../world.ts";

export const SUBSCRIBER_BADGE_CHANCE = 0.15;
export const MODERATOR_BADGE_CHANCE = 0.02;
export const VIP_BADGE_CHANCE = 0.01;
export const CHEER_CHANCE = 0.03;
export const ACTION_CHANCE = 0.05;
export const CHEER_BITS_MIN = 1;
export const CHEER_BITS_MAX = 1000;

// Two independent 16-bit halves of one draw decide two independent flags.
const HALF = 65536;
const SUBSCRIBER_BELOW = Math.round(SUBSCRIBER_BADGE_CHANCE * HALF);
const MODERATOR_BELOW = Math.round(MODERATOR_BADGE_CHANCE * HALF);
const VIP_BELOW = MODERATOR_BELOW + Math.round(VIP_BADGE_CHANCE * HALF);
const ACTION_BELOW = Math.round(ACTION_CHANCE * HALF);
const CHEER_BELOW = Math.round(CHEER_CHANCE * HALF);

const BADGES: Readonly<Record<string, readonly ChatBadge[]>> = {
  none: [],
  subscriber: ["subscriber"],
  moderator: ["moderator"],
  vip: ["vip"],
  moderatorSubscriber: ["moderator", "subscriber"],
  vipSubscriber: ["vip", "subscriber"],
};

/** Member index skewed towards the first members: a few regulars say most of the chat. */
export function chatterIndex(u: number, size: number): number {
  return Math.floor(u * u * size);
}

export function chatMessage(
  channel: Channel,
  timestamp: string,
  templates: readonly ChatTemplate[],
): ChatMessage {
  const rng = channel.rng;
  const messageId = uuid4(rng);
  const community = channel.community;
  const member = community[chatterIndex(float(rng), community.length)]!;
  const template = templates[Math.floor(float(rng) * templates.length)]!;

  const variant = template.variants[Math.floor(float(rng) * template.variants.length)]!;
  let text = variant.text;

  const flags = rng.next();
  const role = flags >>> 16;
  const subscriber = (flags & 0xffff) < SUBSCRIBER_BELOW;
  const badges = role < MODERATOR_BELOW
    ? (subscriber ? BADGES.moderatorSubscriber : BADGES.moderator)
    : role < VIP_BELOW
    ? (subscriber ? BADGES.vipSubscriber : BADGES.vip)
    : subscriber
    ? BADGES.subscriber
    : BADGES.none;

  const more = rng.next();
  const isAction = (more & 0xffff) < ACTION_BELOW;
  let bits = 0;
  if (more >>> 16 < CHEER_BELOW) {
    bits = logInt(rng, CHEER_BITS_MIN, CHEER_BITS_MAX);
    text = flat("Cheer" + bits + " " + text);
  }

  return {
    message_id: messageId,
    channel: channel.name,
    stream_id: channel.streamId,
    username: member.username,
    user_id: userIdOf(member.username),
    message: text,
    emotes: variant.emotes,
    badges: badges!,
    is_action: isAction,
    bits,
    sentiment_hint: template.sentiment,
    timestamp,
    metadata: member.metadata[weightedIndex(rng, CLIENT_CUMUL)]!,
  };
}
