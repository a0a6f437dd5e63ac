import assert from "node:assert/strict";
import {
  CHAT_TEMPLATE_COUNT,
  checkConfig,
  createGenerator,
  generate,
} from "../../src/generator/generate.ts";
import type { ChatMessage } from "../../src/generator/types.ts";
import { ALL_KINDS, configFor, run, START_MS } from "./support.ts";

Deno.test("checkConfig() rejects unusable configs with plain messages", () => {
  assert.throws(() => checkConfig(configFor([])), /at least one channel is needed/);
  assert.throws(() => checkConfig(configFor(["a", "a"])), /channel "a" is listed twice/);
  assert.throws(() => checkConfig(configFor([""])), /1–64 characters/);
  assert.throws(
    () => checkConfig(configFor(["a"], { messageVariants: 0 })),
    new RegExp(`message variants must be an integer from 1 to ${CHAT_TEMPLATE_COUNT}, got 0`),
  );
  assert.throws(
    () => checkConfig(configFor(["a"], { messageVariants: CHAT_TEMPLATE_COUNT + 1 })),
    RangeError,
  );
  const none = { chat: false, viewer: false, transaction: false, stream_meta: false };
  assert.throws(() => checkConfig(configFor(["a"], { enabled: none })), /at least one event kind/);
  assert.throws(() => createGenerator(configFor(["a"]), 0.5), /seed must be a safe integer/);
  assert.throws(() => generate(configFor([]), 1, { startMs: 0, stepMs: 1 }, 1), RangeError);
});

Deno.test("createGenerator().next() stamps events with the given time to the microsecond", () => {
  const generator = createGenerator(configFor(["demo_stream"]), 1);
  const first = generator.next(START_MS + 0.123);
  assert.equal((first.value as { timestamp: string }).timestamp, "2025-10-16T10:00:00.000123Z");
  assert.equal(first.timestampMs, START_MS);
  const later = generator.next(START_MS + 61_234.5678);
  assert.equal((later.value as { timestamp: string }).timestamp, "2025-10-16T10:01:01.234567Z");
  assert.equal(later.timestampMs, START_MS + 61_234);
});

Deno.test("createGenerator().next() treats a time earlier than the last as the last", () => {
  const generator = createGenerator(configFor(["demo_stream"]), 1);
  generator.next(START_MS + 5000);
  const back = generator.next(START_MS);
  assert.equal(back.timestampMs, START_MS + 5000);
  assert.throws(() => generator.next(Number.NaN), /event time must be finite/);
});

Deno.test("GeneratedEvent carries the key, the kind and the id of its value", () => {
  for (const e of generate(configFor(["a", "b"]), 3, { startMs: START_MS, stepMs: 100 }, 5000)) {
    const v = e.value as unknown as Record<string, unknown>;
    assert.equal(e.channel, v.channel);
    const id = e.kind === "chat"
      ? v.message_id
      : e.kind === "transaction"
      ? v.transaction_id
      : v.event_id;
    assert.equal(e.id, id);
    assert.ok(e.kind === "viewer" || !("viewerJump" in e));
  }
});

Deno.test("generate() with stream_meta disabled still runs streams, silently", () => {
  const config = configFor(["demo_stream"], { enabled: { ...ALL_KINDS, stream_meta: false } });
  // 30 simulated hours at 2 events/s: several streams, each with its own id.
  const chats = [...generate(config, 2, { startMs: START_MS, stepMs: 500 }, 216_000)]
    .filter((e) => e.kind === "chat").map((e) => e.value as ChatMessage);
  assert.ok(new Set(chats.map((c) => c.stream_id)).size >= 3);
});

Deno.test("createGenerator() hands stream_meta it does not send to the next event, when disabled", () => {
  const kinds = { chat: true, viewer: true, transaction: true, stream_meta: false };
  const events = run(configFor(["a", "b"], { enabled: kinds }), 3, 1, 12 * 3600);
  const unsent = events.flatMap((e) => e.unsent ?? []);
  assert.ok(events.every((e) => e.kind !== "stream_meta"));
  assert.deepEqual(events[0]!.unsent!.map((m) => [m.channel, m.event_type]), [
    ["a", "stream_start"],
    ["b", "stream_start"],
  ]);
  const types = new Set(unsent.map((m) => m.event_type));
  for (const type of ["stream_start", "stream_end"]) assert.ok(types.has(type as never), type);
  // Sent when enabled: nothing is left over.
  const sent = run(configFor(["a", "b"]), 3, 1, 3600);
  assert.ok(sent.every((e) => e.unsent === undefined));
});
