import assert from "node:assert/strict";
import {
  CHAT_CATALOGUES,
  CHAT_TEMPLATE_COUNT,
  CHAT_TEMPLATES,
  chatTemplatesFor,
  EMOTES,
  EMOTES_BY_SENTIMENT,
} from "../../src/generator/catalog_chat.ts";
import { LANGUAGES } from "../../src/generator/catalog_stream.ts";
import type { Sentiment } from "../../src/generator/types.ts";

const MOODS: readonly Sentiment[] = ["excited", "positive", "neutral", "question", "negative"];
const OTHER_LANGUAGES = LANGUAGES.filter((l) => l !== "en");

Deno.test("every channel language has a chat catalogue, and no catalogue lacks a language", () => {
  assert.deepEqual([...CHAT_CATALOGUES.keys()].sort(), [...LANGUAGES].sort());
  assert.equal(CHAT_CATALOGUES.get("en"), CHAT_TEMPLATES);
});

Deno.test("each other language has 30+ templates, 5+ per mood, moods taking turns as in English", () => {
  for (const language of OTHER_LANGUAGES) {
    const catalogue = CHAT_CATALOGUES.get(language)!;
    assert.ok(catalogue.length >= 30, language);
    for (const mood of MOODS) {
      assert.ok(catalogue.filter((t) => t.sentiment === mood).length >= 5, `${language} ${mood}`);
    }
    // Same mood order as English, so MESSAGE_VARIANTS = N gives every language the same mood mix.
    const moods = (templates: readonly { sentiment: Sentiment }[]) =>
      templates.map((t) => t.sentiment);
    assert.deepEqual(moods(catalogue), moods(CHAT_TEMPLATES.slice(0, catalogue.length)), language);
  }
});

Deno.test("questions and only questions contain an ASCII '?', in every language", () => {
  for (const [language, catalogue] of CHAT_CATALOGUES) {
    for (const { sentiment, source } of catalogue) {
      assert.equal(source.includes("?"), sentiment === "question", `${language}: ${source}`);
      // The full-width "？" and a lone "¿" would slip past a check for "?".
      assert.doesNotMatch(source, /？/, `${language}: ${source}`);
      if (source.includes("¿")) assert.equal(sentiment, "question", `${language}: ${source}`);
    }
  }
});

Deno.test("literal text never contains an emote name and slots stand between spaces", () => {
  for (const [language, catalogue] of CHAT_CATALOGUES) {
    for (const { source } of catalogue) {
      // Scripts without spaces (ja, ko) could glue an emote to a word: look for any substring.
      for (const literal of source.split(/\{[e=]\}/)) {
        for (const emote of EMOTES) {
          assert.ok(!literal.includes(emote), `${language}: ${source} contains ${emote}`);
        }
      }
      assert.doesNotMatch(source, /\S\{[e=]\}|\{[e=]\}\S/, `${language}: ${source}`);
    }
  }
});

Deno.test("each language's emotes come from its mood's emotes, exactly those in the text", () => {
  for (const [language, catalogue] of CHAT_CATALOGUES) {
    for (const { sentiment, source, variants } of catalogue) {
      const pool = EMOTES_BY_SENTIMENT[sentiment];
      const used = new Set<string>();
      for (const { text, emotes } of variants) {
        const inText = [...new Set(text.split(" ").filter((w) => EMOTES.includes(w)))];
        assert.deepEqual(emotes, inText, `${language}: ${text}`);
        for (const e of emotes) {
          assert.ok(pool.includes(e), `${language}: ${e} is not ${sentiment}`);
          used.add(e);
        }
      }
      // A template with a slot offers every emote of its mood.
      if (source.includes("{e}")) assert.equal(used.size, pool.length, `${language}: ${source}`);
    }
  }
});

Deno.test("no template repeats, and a rendered text belongs to one template of one language", () => {
  const owner = new Map<string, string>();
  for (const [language, catalogue] of CHAT_CATALOGUES) {
    const sources = catalogue.map((t) => t.source);
    assert.equal(new Set(sources).size, sources.length, language);
    for (const { source, variants } of catalogue) {
      for (const { text } of variants) {
        const here = `${language}: ${source}`;
        assert.equal(owner.get(text) ?? here, here, text);
        owner.set(text, here);
      }
    }
  }
});

Deno.test("chatTemplatesFor() gives English exactly the first MESSAGE_VARIANTS templates", () => {
  for (const variants of [1, 3, 50, CHAT_TEMPLATE_COUNT]) {
    const templates = chatTemplatesFor("en", variants);
    assert.equal(templates.length, variants);
    templates.forEach((t, i) => assert.equal(t, CHAT_TEMPLATES[i]));
  }
});

Deno.test("chatTemplatesFor() gives another language the first min(variants, catalogue size)", () => {
  for (const language of OTHER_LANGUAGES) {
    const catalogue = CHAT_CATALOGUES.get(language)!;
    assert.deepEqual(chatTemplatesFor(language, 3), catalogue.slice(0, 3));
    assert.deepEqual(chatTemplatesFor(language, catalogue.length), catalogue);
    assert.deepEqual(chatTemplatesFor(language, CHAT_TEMPLATE_COUNT), catalogue);
    assert.deepEqual(chatTemplatesFor(language, 3).map((t) => t.sentiment), [
      "excited",
      "positive",
      "neutral",
    ]);
  }
  assert.equal(chatTemplatesFor("ja", 1)[0]!.source, "うおおおお {e}");
});

Deno.test("chatTemplatesFor() returns the same array for the same arguments", () => {
  for (const language of LANGUAGES) {
    for (const variants of [1, 50, CHAT_TEMPLATE_COUNT]) {
      assert.equal(chatTemplatesFor(language, variants), chatTemplatesFor(language, variants));
    }
  }
  assert.notEqual(chatTemplatesFor("ru", 3), chatTemplatesFor("ru", 4));
});

Deno.test("chatTemplatesFor() chats in English for a language without a catalogue", () => {
  for (const language of ["xx", "EN", "pt", "__proto__", ""]) {
    assert.equal(chatTemplatesFor(language, 50), chatTemplatesFor("en", 50), language);
  }
});

Deno.test("chatTemplatesFor() rejects a variant count outside 1 to the English count", () => {
  for (const variants of [0, -1, 1.5, CHAT_TEMPLATE_COUNT + 1, NaN]) {
    assert.throws(() => chatTemplatesFor("en", variants), {
      name: "RangeError",
      message:
        `message variants must be an integer from 1 to ${CHAT_TEMPLATE_COUNT}, got ${variants}`,
    });
  }
});
