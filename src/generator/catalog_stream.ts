/** Stream data: titles, categories, languages, tags and broadcast settings. */
import { hashString } from "./random.ts";
import type { Encoder, StreamQuality } from "./types.ts";

/**
 * Stream titles, by what they fit. None names a category; a title about ranked play, runs or
 * playthroughs fits only categories that are games of that kind (see `titlesFor`).
 */
const ANY_TITLES: readonly string[] = [
  "Chill vibes and good times",
  "Late night stream with chat",
  "Sunday funday",
  "Just vibing, come hang out",
  "Learning something new live",
  "Cozy morning stream",
  "Subathon! Every sub adds time",
  "Back after a week off!",
  "Community night",
  "Teaching chat my secrets",
  "Birthday stream!",
  "Weekend marathon",
];
/** Titles for any game. */
const GAME_TITLES: readonly string[] = [
  "First playthrough, no spoilers please!",
  "Trying the hardest difficulty",
  "Viewer games! Join in",
  "Speedrun attempts all day",
  "New update first look",
  "100% completion run",
  "Can we finish it today?",
  "Blind run, backseating welcome",
  "No deaths challenge",
];
/** Titles for competitive games with a ladder. */
const RANKED_TITLES: readonly string[] = [
  "Road to the top 500",
  "Ranked grind until I win",
  "Tournament practice",
];

export interface Category {
  readonly name: string;
  /** `cat_` + 7 digits derived from the name: the same category always has the same id. */
  readonly id: string;
  /** Tags that fit the category, offered when a stream picks its tags. */
  readonly tags: readonly string[];
  /** The titles that fit it: the general ones, plus game ones for games, ranked ones for ladders. */
  readonly titles: readonly string[];
}

/** What a category is, for its titles. */
type CategoryKind = "other" | "game" | "ranked";

const CATEGORY_SOURCES: readonly (readonly [string, CategoryKind, readonly string[]])[] = [
  ["Just Chatting", "other", ["Casual", "Chatting", "IRL"]],
  ["Fortnite", "ranked", ["FPS", "BattleRoyale", "Competitive"]],
  ["League of Legends", "ranked", ["MOBA", "Ranked", "Competitive"]],
  ["Valorant", "ranked", ["FPS", "Ranked", "Competitive"]],
  ["Minecraft", "game", ["Building", "Survival", "Casual"]],
  ["Grand Theft Auto V", "game", ["Roleplay", "OpenWorld"]],
  ["Counter-Strike", "ranked", ["FPS", "Competitive", "Esports"]],
  ["Dota 2", "ranked", ["MOBA", "Esports"]],
  ["Apex Legends", "ranked", ["FPS", "BattleRoyale"]],
  ["World of Warcraft", "game", ["MMORPG", "Raiding"]],
  ["Hearthstone", "ranked", ["CardGame", "Strategy"]],
  ["Overwatch 2", "ranked", ["FPS", "Competitive"]],
  ["Rocket League", "ranked", ["Sports", "Competitive"]],
  ["Music", "other", ["Music", "Live", "Chill"]],
  ["Art", "other", ["Art", "Drawing", "Creative"]],
  ["Chess", "ranked", ["Chess", "Strategy", "Educational"]],
  ["Software and Game Development", "other", ["Programming", "Educational", "Creative"]],
  ["Elden Ring", "game", ["Soulslike", "Blind", "Challenge"]],
  ["Dead by Daylight", "game", ["Horror", "Multiplayer"]],
  ["Teamfight Tactics", "ranked", ["Strategy", "Ranked"]],
  ["Among Us", "game", ["Party", "Multiplayer", "Casual"]],
  ["Talk Shows & Podcasts", "other", ["Podcast", "Chatting"]],
  ["Retro", "game", ["Retro", "Speedrun", "Nostalgia"]],
  ["Baldur's Gate 3", "game", ["RPG", "Story", "Blind"]],
];

const TITLES_OF_KIND: Readonly<Record<CategoryKind, readonly string[]>> = {
  other: ANY_TITLES,
  game: [...ANY_TITLES, ...GAME_TITLES],
  ranked: [...ANY_TITLES, ...GAME_TITLES, ...RANKED_TITLES],
};

export const CATEGORIES: readonly Category[] = CATEGORY_SOURCES.map(([name, kind, tags]) => ({
  name,
  id: "cat_" + String(1_000_000 + (hashString(name) % 9_000_000)),
  tags,
  titles: TITLES_OF_KIND[kind],
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
