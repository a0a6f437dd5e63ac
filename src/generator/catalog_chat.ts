/**
 * Chat data: emotes grouped by the mood they express, and message templates tagged with a
 * sentiment. `{e}` is a slot for an emote of the template's mood, `{=}` repeats the previous
 * emote ("PogChamp PogChamp"). Literal text never contains an emote name (a test checks), so
 * the emotes of a message are exactly those put in its slots. The templates below are English;
 * the other channel languages' phrases are in catalog_chat_i18n.ts (see `chatTemplatesFor`).
 */
import { CHAT_PHRASES, type MoodPhrases } from "./catalog_chat_i18n.ts";
import { flat } from "./random.ts";
import type { Sentiment } from "./types.ts";

/** Emotes by the sentiment they go with. An emote may serve several moods. */
export const EMOTES_BY_SENTIMENT: Readonly<Record<Sentiment, readonly string[]>> = {
  excited: ["PogChamp", "Pog", "PogU", "POGGERS", "HYPERS", "Kreygasm", "SwiftRage", "catJAM"],
  positive: [
    "FeelsGoodMan",
    "SeemsGood",
    "HeyGuys",
    "VoHiYo",
    "widepeepoHappy",
    "LUL",
    "KEKW",
    "OMEGALUL",
    "LULW",
    "4Head",
    "PepeLaugh",
  ],
  negative: [
    "NotLikeThis",
    "BibleThump",
    "FeelsBadMan",
    "PepeHands",
    "Sadge",
    "DansGame",
    "ResidentSleeper",
    "WutFace",
    "BabyRage",
  ],
  neutral: ["Kappa", "CoolStoryBob", "TriHard", "Jebaited", "5Head"],
  question: ["monkaS", "monkaW", "Kappa", "5Head"],
};

/** Every emote name, each once. */
export const EMOTES: readonly string[] = [...new Set(Object.values(EMOTES_BY_SENTIMENT).flat())];

type TemplateSource = readonly [Sentiment, string];

const EXCITED: readonly string[] = [
  "That was insane! {e} {=}",
  "LETS GOOOO {e}",
  "no way he hit that {e}",
  "CLUTCH {e} {e}",
  "what a play {e}",
  "HYPE HYPE HYPE {e} {=} {=}",
  "this stream is on fire today {e}",
  "OMG OMG OMG {e}",
  "that comeback was unreal {e}",
  "ACE!!! {e}",
  "he actually did it {e} {=}",
  "best moment of the stream {e}",
  "chat is going crazy rn {e}",
  "insane reaction time {e}",
  "1v4 clutch incoming {e}",
  "{e} {=} {=}",
  "WE WON {e}",
  "new PB lets go {e}",
  "that outplay was disgusting {e}",
  "the hype is real {e}",
  "first try!!! {e}",
  "world record pace {e}",
  "sheeeesh {e}",
  "goosebumps {e}",
  "take my energy {e} {=}",
];

const POSITIVE: readonly string[] = [
  "love this stream {e}",
  "gg wp",
  "that was so wholesome {e}",
  "nice one {e}",
  "LMAO {e}",
  "I can't stop laughing {e} {=}",
  "good morning chat {e}",
  "hi everyone {e}",
  "this song is a banger",
  "great stream as always",
  "you're getting so good at this {e}",
  "thanks for the stream {e}",
  "best streamer on the platform",
  "that joke got me {e}",
  "chat is so nice today {e}",
  "happy to be here {e}",
  "well played {e}",
  "this is my comfort stream",
  "the vibes are immaculate {e}",
  "he's cooking {e}",
  "big brain play {e}",
  "that was actually hilarious {e} {e}",
];

const NEGATIVE: readonly string[] = [
  "that was rough {e}",
  "noooo {e}",
  "unlucky {e}",
  "the lag is terrible today",
  "audio is out of sync",
  "this boss is so unfair {e}",
  "we were so close {e} {=}",
  "F {e}",
  "F in chat",
  "that hurt to watch {e}",
  "bad RNG again {e}",
  "how did he miss that {e}",
  "this game is broken {e}",
  "stream is buffering for me {e}",
  "so boring right now {e}",
  "I can't watch this {e}",
  "rip the run {e}",
  "that ending made me sad {e}",
  "the enemy team is cheating for sure",
  "why is the mic so quiet",
];

const NEUTRAL: readonly string[] = [
  "just got here",
  "lurking {e}",
  "back from dinner",
  "first time watching this game",
  "chat is moving fast {e}",
  "brb",
  "hydrate check {e}",
  "it's 3am here {e}",
  "watching from work {e}",
  "same strat as last time {e}",
  "he always picks this character",
  "this map again {e}",
  "{e}",
  "sure {e}",
  "classic {e}",
  "noted {e}",
  "ok chat {e}",
  "the music is kinda loud",
  "playing on hard mode today",
  "day 3 of this run",
];

const QUESTION: readonly string[] = [
  "what rank is he?",
  "what game is this?",
  "how long has he been streaming? {e}",
  "is this a new patch?",
  "what's the song name?",
  "when is the next giveaway? {e}",
  "what keyboard do you use?",
  "is this ranked or casual?",
  "wait what happened? {e}",
  "can someone explain the rules? {e}",
  "how do I get that emote?",
  "what are your specs?",
  "did he beat the boss yet? {e}",
  "where is this map from?",
  "what time is it there?",
  "is this the final level? {e}",
  "who is winning? {e}",
  "are you playing with friends later?",
  "how many hours in this game?",
  "what's the plan for today? {e}",
];

/** The order moods take turns in a catalogue (English and every other language alike). */
const MOOD_ORDER: readonly Sentiment[] = ["excited", "positive", "neutral", "question", "negative"];

/**
 * Interleaves the moods so that the first N templates (MESSAGE_VARIANTS) mix all of them: one of
 * each mood in MOOD_ORDER, then the next of each, a mood dropping out when it runs out.
 */
function interleave(phrases: MoodPhrases): TemplateSource[] {
  const out: TemplateSource[] = [];
  const longest = Math.max(...MOOD_ORDER.map((mood) => phrases[mood].length));
  for (let i = 0; i < longest; i++) {
    for (const mood of MOOD_ORDER) {
      const texts = phrases[mood];
      if (i < texts.length) out.push([mood, texts[i]!]);
    }
  }
  return out;
}

/** All English template sources in catalogue order: [sentiment, text with slots]. */
export const TEMPLATE_SOURCES: readonly TemplateSource[] = interleave({
  excited: EXCITED,
  positive: POSITIVE,
  neutral: NEUTRAL,
  question: QUESTION,
  negative: NEGATIVE,
});

/** One way to fill a template's slots: the flat text and its distinct emotes in order. */
export interface ChatVariant {
  readonly text: string;
  readonly emotes: readonly string[];
}

/**
 * A template with every filling of its slots rendered once at load (at most 11² per template),
 * so a chat message costs one pick and no string building. Drawing a variant uniformly is the
 * same as drawing each new slot's emote uniformly from the mood's pool.
 */
export interface ChatTemplate {
  readonly sentiment: Sentiment;
  readonly source: string;
  readonly variants: readonly ChatVariant[];
}

function compile([sentiment, source]: TemplateSource): ChatTemplate {
  const parts = source.split(/\{[e=]\}/);
  const repeats = [...source.matchAll(/\{([e=])\}/g)].map((m) => m[1] === "=");
  const pool = EMOTES_BY_SENTIMENT[sentiment];
  let fillings: string[][] = [[]];
  for (const repeat of repeats) {
    fillings = fillings.flatMap((filled) =>
      repeat ? [[...filled, filled[filled.length - 1]!]] : pool.map((e) => [...filled, e])
    );
  }
  const variants = fillings.map((filled) => ({
    text: flat(parts.map((part, i) => part + (filled[i] ?? "")).join("")),
    emotes: [...new Set(filled)],
  }));
  return { sentiment, source, variants };
}

/** Every English chat template, compiled. */
export const CHAT_TEMPLATES: readonly ChatTemplate[] = TEMPLATE_SOURCES.map(compile);

/** How many English chat templates exist: the largest valid MESSAGE_VARIANTS. */
export const CHAT_TEMPLATE_COUNT = CHAT_TEMPLATES.length;

/** Every language's chat templates, compiled and interleaved like the English ones. */
export const CHAT_CATALOGUES: ReadonlyMap<string, readonly ChatTemplate[]> = new Map([
  ["en", CHAT_TEMPLATES],
  ...Object.entries(CHAT_PHRASES).map(([language, phrases]) =>
    [language, interleave(phrases).map(compile)] as const
  ),
]);

/** Per language, the template lists already handed out, indexed by their length. */
const IN_USE = new Map<string, (readonly ChatTemplate[] | undefined)[]>();

/**
 * The chat templates a channel in `language` uses when MESSAGE_VARIANTS is `variants`: the first
 * `variants` of its catalogue, or all of it when it has fewer (another language's catalogue is
 * smaller than the English one). English is exactly CHAT_TEMPLATES.slice(0, variants); an unknown
 * language chats in English. The same arguments return the same array, built once.
 */
export function chatTemplatesFor(language: string, variants: number): readonly ChatTemplate[] {
  if (!Number.isInteger(variants) || variants < 1 || variants > CHAT_TEMPLATE_COUNT) {
    throw new RangeError(
      `message variants must be an integer from 1 to ${CHAT_TEMPLATE_COUNT}, got ${variants}`,
    );
  }
  const known = CHAT_CATALOGUES.has(language) ? language : "en";
  let byCount = IN_USE.get(known);
  if (byCount === undefined) IN_USE.set(known, byCount = []);
  return byCount[variants] ??= CHAT_CATALOGUES.get(known)!.slice(0, variants);
}
