import assert from "node:assert/strict";
import {
  EVENT_KINDS,
  EVENT_TYPE_HEADER,
  SCHEMA_NAMES,
  SCHEMA_OF_KIND,
  TOPIC_SUFFIX,
} from "../../src/generator/event_kinds.ts";

Deno.test("EVENT_KINDS lists the four kinds in topic order", () => {
  assert.deepEqual(EVENT_KINDS, ["chat", "viewer", "transaction", "stream_meta"]);
});

Deno.test("TOPIC_SUFFIX gives the seed's topic names", () => {
  assert.deepEqual(TOPIC_SUFFIX, {
    chat: "chat",
    viewer: "viewer",
    transaction: "transactions",
    stream_meta: "stream_meta",
  });
});

Deno.test("SCHEMA_OF_KIND names each kind's schema, the value of its event_type header", () => {
  assert.equal(EVENT_TYPE_HEADER, "event_type");
  assert.deepEqual(SCHEMA_OF_KIND, {
    chat: "chat_message",
    viewer: "viewer_count",
    transaction: "transaction",
    stream_meta: "stream_meta",
  });
  assert.deepEqual(SCHEMA_NAMES, ["chat_message", "viewer_count", "transaction", "stream_meta"]);
});
