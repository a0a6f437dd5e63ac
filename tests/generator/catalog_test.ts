import assert from "node:assert/strict";
import {
  CHAT_TEMPLATE_COUNT,
  CHAT_TEMPLATES,
  EMOTES,
  EMOTES_BY_SENTIMENT,
  TEMPLATE_SOURCES,
} from "../../src/generator/catalog_chat.ts";
import { CATEGORIES } from "../../src/generator/catalog_stream.ts";

Deno.test("catalog has 100+ chat templates over every mood, the first 50 mixing all moods", () => {
  assert.ok(CHAT_TEMPLATE_COUNT >= 100);
  const moods = (n: number) => new Set(CHAT_TEMPLATES.slice(0, n).map((t) => t.sentiment));
  assert.deepEqual([...moods(50)].sort(), [
    "excited",
    "negative",
    "neutral",
    "positive",
    "question",
  ]);
  assert.equal(moods(5).size, 5);
  assert.equal(new Set(TEMPLATE_SOURCES.map(([, text]) => text)).size, CHAT_TEMPLATE_COUNT);
});

Deno.test("catalog has 23+ emotes including the seed's Kappa, PogChamp, LUL and KEKW", () => {
  assert.ok(EMOTES.length >= 23);
  for (const e of ["Kappa", "PogChamp", "LUL", "KEKW"]) assert.ok(EMOTES.includes(e), e);
});

Deno.test("template text never contains an emote outside its slots", () => {
  const emotes = new Set(EMOTES);
  for (const [, text] of TEMPLATE_SOURCES) {
    const literal = text.replaceAll(/\{[e=]\}/g, " ").split(/\s+/);
    assert.deepEqual(literal.filter((w) => emotes.has(w)), [], text);
  }
});

Deno.test("templates render every filling of their slots, emotes deduplicated in order", () => {
  const clutch = CHAT_TEMPLATES.find((t) => t.source === "CLUTCH {e} {e}")!;
  const pool = EMOTES_BY_SENTIMENT.excited;
  assert.equal(clutch.variants.length, pool.length ** 2);
  assert.deepEqual(clutch.variants[1], {
    text: `CLUTCH ${pool[0]} ${pool[1]}`,
    emotes: [pool[0], pool[1]],
  });
  assert.deepEqual(clutch.variants[0], { text: `CLUTCH ${pool[0]} ${pool[0]}`, emotes: [pool[0]] });
  const insane = CHAT_TEMPLATES.find((t) => t.source === "That was insane! {e} {=}")!;
  assert.deepEqual(insane.variants[0], {
    text: `That was insane! ${pool[0]} ${pool[0]}`,
    emotes: [pool[0]],
  });
  const plain = CHAT_TEMPLATES.find((t) => t.source === "gg wp")!;
  assert.deepEqual(plain.variants, [{ text: "gg wp", emotes: [] }]);
});

Deno.test("catalog has 19+ titles and 20+ categories with stable, distinct cat_ ids", () => {
  const titles = new Set(CATEGORIES.flatMap((c) => c.titles));
  assert.ok(titles.size >= 19);
  // Every category offers several titles; ranked-play ones only where there is a ladder.
  for (const c of CATEGORIES) assert.ok(c.titles.length >= 10, c.name);
  const music = CATEGORIES.find((c) => c.name === "Music")!;
  assert.ok(!music.titles.includes("Ranked grind until I win"));
  assert.ok(!music.titles.includes("Speedrun attempts all day"));
  const valorant = CATEGORIES.find((c) => c.name === "Valorant")!;
  assert.ok(valorant.titles.includes("Ranked grind until I win"));
  assert.ok(CATEGORIES.length >= 20);
  const ids = CATEGORIES.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^cat_[0-9]{7}$/);
  // Derived from the name, so the id of a category never changes between runs or versions.
  assert.equal(CATEGORIES.find((c) => c.name === "Just Chatting")!.id, "cat_1043755");
});
