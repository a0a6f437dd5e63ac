/**
 * 100,000+ generated events from several seeds and channel counts, all valid under ajv (the
 * project's validators) and under python3-jsonschema with format checking, an independent
 * implementation.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { EventKind, GeneratedEvent } from "../../src/generator/types.ts";
import { type SchemaName, validatorFor } from "../../src/schemas.ts";
import { validateWithPython } from "../validate/python_jsonschema.ts";
import { configFor, run } from "./support.ts";

const SCHEMA_OF: Readonly<Record<EventKind, SchemaName>> = {
  chat: "chat_message",
  viewer: "viewer_count",
  transaction: "transaction",
  stream_meta: "stream_meta",
};

/** 4 runs × 30,000 events: 1, 2, 5 and 40 channels, different seeds and paces. */
const events: GeneratedEvent[] = [
  ...run(configFor(["demo_stream"]), 1, 10, 30_000),
  ...run(configFor(["a_channel", "b_channel"]), 2, 1, 30_000),
  ...run(configFor(["gaming", "esports", "music", "cooking", "talk"]), 3, 5_000, 30_000),
  ...run(configFor(Array.from({ length: 40 }, (_, i) => `channel_${i}`)), 4, 0.2, 30_000),
];

/** The values as a consumer gets them: serialised and parsed back. */
function byKind(): Map<EventKind, unknown[]> {
  const groups = new Map<EventKind, unknown[]>();
  for (const e of events) {
    if (!groups.has(e.kind)) groups.set(e.kind, []);
    groups.get(e.kind)!.push(JSON.parse(JSON.stringify(e.value)));
  }
  return groups;
}

Deno.test("generated events are all valid under ajv, for every kind", () => {
  assert.ok(events.length >= 100_000);
  const groups = byKind();
  assert.equal(groups.size, 4);
  for (const [kind, values] of groups) {
    const validate = validatorFor(SCHEMA_OF[kind]);
    for (const value of values) {
      assert.ok(
        validate(value),
        `${kind}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(value)}`,
      );
    }
  }
});

Deno.test("generated events are all valid under python3-jsonschema with format checking", async () => {
  for (const [kind, values] of byKind()) {
    const schema = fileURLToPath(new URL(`../../schemas/${SCHEMA_OF[kind]}.json`, import.meta.url));
    const verdict = await validateWithPython(schema, values);
    assert.deepEqual(verdict.invalid.slice(0, 3), [], kind);
    assert.equal(verdict.valid, values.length, kind);
  }
});

Deno.test("ajv rejects a generated event that breaks its schema (the check can fail)", () => {
  const chat: Record<string, unknown> = JSON.parse(
    JSON.stringify(events.find((e) => e.kind === "chat")!.value),
  );
  const validate = validatorFor("chat_message");
  assert.ok(validate(chat));
  assert.equal(validate({ ...chat, message_id: "not-a-uuid" }), false);
  assert.equal(validate({ ...chat, timestamp: "2025-10-16 10:30:00" }), false);
});
