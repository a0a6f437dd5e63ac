/** People data: name parts for viewer communities, name colours, clients, payment texts. */
import { hex8, mix32 } from "./random.ts";
import type { ChatClient, PaymentMethod } from "./types.ts";

/** First halves of generated usernames. */
export const NAME_HEADS: readonly string[] = [
  "gamer",
  "pixel",
  "shadow",
  "ninja",
  "lurker",
  "cozy",
  "turbo",
  "frosty",
  "lucky",
  "salty",
  "mega",
  "retro",
  "cyber",
  "night",
  "chill",
  "epic",
  "sneaky",
  "happy",
  "crispy",
  "quantum",
  "silent",
  "wild",
  "tiny",
  "captain",
  "sir",
  "dark",
  "golden",
  "rapid",
  "sleepy",
  "spicy",
];

/** Second halves of generated usernames. */
export const NAME_TAILS: readonly string[] = [
  "fox",
  "wolf",
  "panda",
  "knight",
  "wizard",
  "potato",
  "falcon",
  "otter",
  "dragon",
  "noodle",
  "pilot",
  "viking",
  "ghost",
  "tiger",
  "muffin",
  "raven",
  "sniper",
  "builder",
  "bard",
  "cactus",
  "shark",
  "goblin",
  "penguin",
  "rogue",
  "taco",
];

/** Twitch's default name colours; other users pick a custom one. */
export const DEFAULT_COLORS: readonly string[] = [
  "#FF0000",
  "#0000FF",
  "#008000",
  "#B22222",
  "#FF7F50",
  "#9ACD32",
  "#FF4500",
  "#2E8B57",
  "#DAA520",
  "#D2691E",
  "#5F9EA0",
  "#1E90FF",
  "#FF69B4",
  "#8A2BE2",
  "#00FF7F",
];

/** Custom name colours people pick instead of a default one (a fixed palette of 49). */
export const CUSTOM_COLORS: readonly string[] = Array.from(
  { length: 49 },
  (_, i) => "#" + hex8(mix32(0x7e1e + i)).slice(0, 6).toUpperCase(),
);

/** Chat clients and how often messages come from each. */
export const CLIENTS: readonly ChatClient[] = ["web", "android", "ios", "desktop", "tv", "console"];
export const CLIENT_WEIGHTS: readonly number[] = [0.55, 0.15, 0.15, 0.1, 0.03, 0.02];

/** Ways to pay with money (donations, paid subscriptions, gift subs) and their shares. */
export const CASH_METHODS: readonly PaymentMethod[] = [
  "credit_card",
  "paypal",
  "debit_card",
  "apple_pay",
  "google_pay",
  "amazon_pay",
  "gift_card",
];
export const CASH_METHOD_WEIGHTS: readonly number[] = [0.35, 0.3, 0.12, 0.09, 0.07, 0.04, 0.03];

export const DONATION_MESSAGES: readonly string[] = [
  "Love the stream! Keep it up!",
  "For the pizza fund",
  "Thanks for getting me through a rough week",
  "Buy yourself a coffee",
  "GG, that last round was amazing",
  "Happy birthday!",
  "Play the horror game next",
  "Been watching for years, thank you",
  "Hydrate!",
  "For the new microphone",
  "You earned this one",
  "Greetings from Brazil",
];

export const SUBSCRIPTION_MESSAGES: readonly string[] = [
  "Finally subbed!",
  "Happy to support the channel",
  "Here for the emotes",
  "Best community on the platform",
  "Let's go!",
];

export const RENEWAL_MESSAGES: readonly string[] = [
  "Another month, another sub",
  "Still here, still loving it",
  "1 year strong!",
  "Can't stop won't stop",
  "Renewed for the vibes",
];

export const CHEER_MESSAGES: readonly string[] = [
  "Cheer for that clutch",
  "Take my bits",
  "For the hype train",
  "Cheers from the lurkers",
  "Bits for the streamer",
];

/** Channels outside the configured ones that raid into or get raided/hosted from them. */
export const OTHER_CHANNELS: readonly string[] = [
  "other_streamer",
  "speedrun_sam",
  "cozy_corner",
  "pixel_arena",
  "midnight_mia",
  "retro_rick",
  "chess_club_live",
  "lofi_beats_radio",
  "the_build_zone",
  "arena_masters",
  "nova_plays",
  "variety_vic",
];
