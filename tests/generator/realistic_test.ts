/**
 * The realistic profile (issue 15, part 2), judged from its events alone over a 24 h backfill of
 * five channels: the acceptance table, schema validity, determinism, the world checker's rules.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createRealisticGenerator } from "../../src/generator/realistic/generator.ts";
import type { EventKind, GeneratedEvent, GeneratorConfig } from "../../src/generator/types.ts";
import { type SchemaName, validatorFor } from "../../src/schemas.ts";
import { validateWithPython } from "../validate/python_jsonschema.ts";
import { measure } from "./realistic_measures.ts";
import { configFor, HOUR_MS, run, START_MS } from "./support.ts";
import { worldViolations } from "./world_checks.ts";

const CHANNELS = ["gaming", "esports", "music", "cooking", "talk"];
const DAY_END_MS = START_MS + 24 * HOUR_MS;

function backfill(
  config: GeneratorConfig,
  seed: number,
  untilMs: number,
  options: { speed?: number; viewerIntervalMs?: number } = {},
): GeneratedEvent[] {
  const generator = createRealisticGenerator(config, seed, START_MS, options);
  const events: GeneratedEvent[] = [];
  while (generator.peekMs() < untilMs) events.push(generator.next());
  return events;
}

const day = backfill(configFor(CHANNELS), 42, DAY_END_MS);
const measures = measure(day, START_MS, DAY_END_MS);

function assertWithin(label: string, values: readonly number[], lo: number, hi: number) {
  assert.ok(values.length > 0, `${label}: nothing measured`);
  const out = values.filter((v) => !(v >= lo && v <= hi));
  assert.deepEqual(out, [], `${label}: outside ${lo}–${hi} in ${values.map((v) => v.toFixed(2))}`);
}

Deno.test("realistic: a day of 5 channels has every kind and every channel streams", () => {
  const kinds = new Set(day.map((e) => e.kind));
  assert.deepEqual([...kinds].sort(), ["chat", "stream_meta", "transaction", "viewer"]);
  assert.deepEqual(measures.channels.map((c) => c.channel).sort(), [...CHANNELS].sort());
  for (const c of measures.channels) {
    assert.ok(c.liveHours > 3, `${c.channel} live ${c.liveHours}h`);
  }
});

Deno.test("realistic: a live channel's viewer_count comes every 20–60 s (median gap)", () => {
  assertWithin("median gap (s)", measures.channels.map((c) => c.medianViewerGapS), 20, 60);
});

Deno.test("realistic: at most 3 title and 2 category changes per stream", () => {
  assertWithin("title changes", measures.titleChangesPerStream, 0, 3);
  assertWithin("category changes", measures.categoryChangesPerStream, 0, 2);
});

Deno.test("realistic: at most one host_start per offline period", () => {
  assertWithin("hosts", measures.hostsPerOfflinePeriod, 0, 1);
});

Deno.test("realistic: 10–150 chat messages per minute per 1,000 viewers in every hour", () => {
  // Hours with at least 10 live minutes: a stream's last 2 minutes of an hour say little.
  const hours = measures.hours.filter((h) => h.liveMinutes >= 10);
  assert.ok(hours.length >= 20, `${hours.length} hours`);
  assertWithin("chat per minute per 1,000", hours.map((h) => h.chatPerMinutePerKilo), 10, 150);
});

Deno.test("realistic: distinct chatters in a channel-hour never exceed its chatter_count", () => {
  const over = measures.hours.filter((h) => h.distinctChatters > h.maxChatterCount);
  assert.deepEqual(over, []);
  assert.ok(measures.hours.some((h) => h.distinctChatters >= 10));
});

Deno.test("realistic: 0.5–50 subscriptions and $1–500 per 1,000 viewers per live hour", () => {
  assertWithin("subs", measures.channels.map((c) => c.subsPerKiloViewerHour), 0.5, 50);
  assertWithin("revenue", measures.channels.map((c) => c.revenuePerKiloViewerHour), 1, 500);
});

Deno.test("realistic: channels are offline 30–85% of the day", () => {
  assertWithin("offline share", measures.channels.map((c) => c.offlineShare), 0.3, 0.85);
});

Deno.test("realistic: subscriber_count grows by at most half in a day", () => {
  assertWithin("growth", measures.channels.map((c) => c.subscriberGrowth), 1, 1.5);
});

Deno.test("realistic: the world checker's coherence rules hold over a day", () => {
  assert.deepEqual(worldViolations(day), []);
});

Deno.test("realistic: events come in time order over all channels", () => {
  for (let i = 1; i < day.length; i++) {
    assert.ok(day[i]!.timestampMs >= day[i - 1]!.timestampMs, `event ${i} goes back in time`);
  }
});

const SCHEMA_OF: Readonly<Record<EventKind, SchemaName>> = {
  chat: "chat_message",
  viewer: "viewer_count",
  transaction: "transaction",
  stream_meta: "stream_meta",
};

Deno.test("realistic: every event of the day is valid under ajv", () => {
  for (const event of day) {
    const validate = validatorFor(SCHEMA_OF[event.kind]);
    const value = JSON.parse(JSON.stringify(event.value));
    assert.ok(validate(value), `${event.kind}: ${JSON.stringify(validate.errors)}`);
  }
});

Deno.test("realistic: events are valid under python3-jsonschema with format checking", async () => {
  // Every non-chat event of the day and its first 20,000 chat lines.
  const chat = day.filter((e) => e.kind === "chat").slice(0, 20_000);
  const sample = [...chat, ...day.filter((e) => e.kind !== "chat")];
  for (const kind of Object.keys(SCHEMA_OF) as EventKind[]) {
    const values = sample.filter((e) => e.kind === kind).map((e) => e.value);
    const schema = fileURLToPath(new URL(`../../schemas/${SCHEMA_OF[kind]}.json`, import.meta.url));
    const verdict = await validateWithPython(schema, values);
    assert.deepEqual(verdict.invalid.slice(0, 3), [], kind);
    assert.equal(verdict.valid, values.length, kind);
  }
});

Deno.test("realistic: the same seed gives the same bytes, another seed other events", () => {
  const until = START_MS + 8 * HOUR_MS;
  const a = JSON.stringify(backfill(configFor(CHANNELS), 7, until));
  const b = JSON.stringify(backfill(configFor(CHANNELS), 7, until));
  const c = JSON.stringify(backfill(configFor(CHANNELS), 8, until));
  assert.equal(a, b);
  assert.notEqual(a, c);
});

Deno.test("realistic: a channel is the same world whatever channels run beside it", () => {
  const until = START_MS + 12 * HOUR_MS;
  const alone = backfill(configFor(["music"]), 5, until);
  const together = backfill(configFor(CHANNELS), 5, until).filter((e) => e.channel === "music");
  assert.ok(alone.length > 1000);
  assert.equal(JSON.stringify(together), JSON.stringify(alone));
});

Deno.test("realistic: a time-lapse runs the world faster and keeps uptimes and day peaks true to timestamps", () => {
  const lapse = backfill(configFor(CHANNELS), 42, START_MS + 24 * HOUR_MS / 60, { speed: 60 });
  const first = lapse.length;
  // 24 minutes of timestamps at ×60 hold the day's streams, with about as many events.
  assert.ok(Math.abs(first - day.length) < day.length * 0.05, `${first} vs ${day.length}`);
  assert.equal(
    lapse.filter((e) => e.kind === "stream_meta").map((e) => e.value.event_type).join(),
    day.filter((e) => e.kind === "stream_meta").map((e) => e.value.event_type).join(),
  );
  assert.deepEqual(worldViolations(lapse), []);
});

Deno.test("realistic: the viewer interval is configurable", () => {
  const events = backfill(configFor(CHANNELS), 42, START_MS + 12 * HOUR_MS, {
    viewerIntervalMs: 60_000,
  });
  const m = measure(events, START_MS, START_MS + 12 * HOUR_MS);
  for (const c of m.channels) {
    if (c.liveHours > 0) assert.ok(Math.abs(c.medianViewerGapS - 60) < 3, `${c.medianViewerGapS}`);
  }
});

Deno.test("realistic: disabled kinds are not emitted and streams keep their hours", () => {
  const until = START_MS + 36 * HOUR_MS;
  const all = backfill(configFor(CHANNELS), 3, until);
  const noChat = backfill(
    configFor(CHANNELS, {
      enabled: { chat: false, viewer: true, transaction: true, stream_meta: true },
    }),
    3,
    until,
  );
  assert.equal(noChat.filter((e) => e.kind === "chat").length, 0);
  assert.ok(
    noChat.some((e) => e.kind === "viewer") && noChat.some((e) => e.kind === "transaction"),
  );
  const streams = (events: GeneratedEvent[]) =>
    events.filter((e) =>
      e.kind === "stream_meta" &&
      (e.value.event_type === "stream_start" || e.value.event_type === "stream_end")
    ).map((e) => `${e.channel}@${e.timestampMs}`);
  assert.ok(streams(all).length >= 5);
  assert.deepEqual(streams(noChat), streams(all));
});

Deno.test("the measures reject the seed profile's pacing (the checks can fail)", () => {
  const seedEvents = run(configFor(["gaming", "music"]), 42, 10, 36_000);
  const end = seedEvents[seedEvents.length - 1]!.timestampMs + 1;
  const m = measure(seedEvents, START_MS, end);
  assert.ok(m.channels.every((c) => c.medianViewerGapS < 20));
  assert.ok(Math.max(...m.titleChangesPerStream) > 3);
});
