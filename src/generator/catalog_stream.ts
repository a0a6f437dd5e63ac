/** Stream data: titles, categories, languages, tags and broadcast settings. */
import { hashString } from "./random.ts";
import type { Encoder, StreamQuality } from "./types.ts";

/** Stream titles. None names a category, so a category change never contradicts the title. */
export const TITLES: readonly string[] = [
  "Chill vibes and good times",
  "Road to the top 500",
  "First playthrough, no spoilers please!",
  "Late night stream with chat",
  "Ranked grind until I win",
  "Sunday funday",
  "Trying the hardest difficulty",
  "Viewer games! Join in",
  "Speedrun attempts all day",
  "Just vibing, come hang out",
  "New update first look",
  "100% completion run",
  "Learning something new live",
  "Cozy morning stream",
  "Subathon! Every sub adds time",
  "Tournament practice",
  "Can we finish it today?",
  "Blind run, backseating welcome",
  "Back after a week off!",
  "Community night",
  "No deaths challenge",
  "Teaching chat my secrets",
  "Birthday stream!",
  "Weekend marathon",
];

export interface Category {
  readonly name: string;
  /** `cat_` + 7 digits derived from the name: the same category always has the same id. */
  readonly id: string;
  /** Tags that fit the category, offered when a stream picks its tags. */
  readonly tags: readonly string[];
}

const CATEGORY_SOURCES: readonly (readonly [string, readonly string[]])[] = [
  ["Just Chatting", ["Casual", "Chatting", "IRL"]],
  ["Fortnite", ["FPS", "BattleRoyale", "Competitive"]],
  ["League of Legends", ["MOBA", "Ranked", "Competitive"]],
  ["Valorant", ["FPS", "Ranked", "Competitive"]],
  ["Minecraft", ["Building", "Survival", "Casual"]],
  ["Grand Theft Auto V", ["Roleplay", "OpenWorld"]],
  ["Counter-Strike", ["FPS", "Competitive", "Esports"]],
  ["Dota 2", ["MOBA", "Esports"]],
  ["Apex Legends", ["FPS", "BattleRoyale"]],
  ["World of Warcraft", ["MMORPG", "Raiding"]],
  ["Hearthstone", ["CardGame", "Strategy"]],
  ["Overwatch 2", ["FPS", "Competitive"]],
  ["Rocket League", ["Sports", "Competitive"]],
  ["Music", ["Music", "Live", "Chill"]],
  ["Art", ["Art", "Drawing", "Creative"]],
  ["Chess", ["Chess", "Strategy", "Educational"]],
  ["Software and Game Development", ["Programming", "Educational", "Creative"]],
  ["Elden Ring", ["Soulslike", "Blind", "Challenge"]],
  ["Dead by Daylight", ["Horror", "Multiplayer"]],
  ["Teamfight Tactics", ["Strategy", "Ranked"]],
  ["Among Us", ["Party", "Multiplayer", "Casual"]],
  ["Talk Shows & Podcasts", ["Podcast", "Chatting"]],
  ["Retro", ["Retro", "Speedrun", "Nostalgia"]],
  ["Baldur's Gate 3", ["RPG", "Story", "Blind"]],
];

export const CATEGORIES: readonly Category[] = CATEGORY_SOURCES.map(([name, tags]) => ({
  name,
  id: "cat_" + String(1_000_000 + (hashString(name) % 9_000_000)),
  tags,
}));

/** Broadcast languages, how common each is, and the tag that names it. */
export const LANGUAGES: readonly string[] = ["en", "es", "de", "fr", "pt-BR", "ja", "ko", "ru"];
export const LANGUAGE_WEIGHTS: readonly number[] = [0.7, 0.08, 0.05, 0.05, 0.04, 0.03, 0.02, 0.03];
export const LANGUAGE_TAGS: Readonly<Record<string, string>> = {
  en: "English",
  es: "Spanish",
  de: "German",
  fr: "French",
  "pt-BR": "Portuguese",
  ja: "Japanese",
  ko: "Korean",
  ru: "Russian",
};

/** Mood tags any stream may add. */
export const GENERAL_TAGS: readonly string[] = [
  "Casual",
  "Chill",
  "Funny",
  "Interactive",
  "NoBackseating",
  "LGBTQIAPlus",
  "Family Friendly",
  "Wholesome",
  "Tryhard",
  "Educational",
];

export const QUALITIES: readonly StreamQuality[] = ["source", "1080p60", "1080p", "720p60"];
export const QUALITY_WEIGHTS: readonly number[] = [0.2, 0.45, 0.15, 0.2];

export const ENCODERS: readonly Encoder[] = ["NVENC", "x264", "AMF", "QuickSync", "VideoToolbox"];
export const ENCODER_WEIGHTS: readonly number[] = [0.55, 0.25, 0.1, 0.05, 0.05];
