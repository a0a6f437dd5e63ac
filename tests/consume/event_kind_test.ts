import assert from "node:assert/strict";
import {
  eventTypeOf,
  kindOfHeader,
  kindOfShape,
  kindOfTopic,
} from "../../src/consume/event_kind.ts";

Deno.test("kindOfTopic() takes a configured name first, else the topic suffix", () => {
  assert.equal(kindOfTopic("telemetra.events.chat"), "chat");
  assert.equal(kindOfTopic("telemetra.events.viewer"), "viewer");
  assert.equal(kindOfTopic("telemetra.events.transactions"), "transaction");
  assert.equal(kindOfTopic("stream_meta"), "stream_meta");
  assert.equal(kindOfTopic("my.tips", { transaction: "my.tips" }), "transaction");
  assert.equal(kindOfTopic("other.topic"), undefined);
  assert.equal(kindOfTopic("x.toString"), undefined);
  assert.equal(kindOfTopic("telemetra.events.transaction"), undefined);
});

Deno.test("kindOfHeader() accepts the schema name, the kind or the topic suffix", () => {
  assert.equal(kindOfHeader("chat_message"), "chat");
  assert.equal(kindOfHeader("viewer_count"), "viewer");
  assert.equal(kindOfHeader("transactions"), "transaction");
  assert.equal(kindOfHeader("stream_meta"), "stream_meta");
  assert.equal(kindOfHeader("toString"), undefined);
  assert.equal(kindOfHeader(undefined), undefined);
});

Deno.test("kindOfShape() and eventTypeOf() read the identifying fields", () => {
  assert.equal(kindOfShape({ message_id: "m" }), "chat");
  assert.equal(kindOfShape({ viewer_count: 3 }), "viewer");
  assert.equal(kindOfShape({ transaction_id: "t" }), "transaction");
  assert.equal(kindOfShape({ event_type: "stream_end", event_id: "e" }), "stream_meta");
  assert.equal(kindOfShape([]), undefined);
  assert.equal(eventTypeOf("chat", { message_id: "m" }), "chat_message");
  assert.equal(eventTypeOf("viewer", { viewer_count: 1 }), "viewer_count");
  assert.equal(eventTypeOf("transaction", { transaction_type: "bits" }), "bits");
  assert.equal(
    eventTypeOf("stream_meta", { event_type: "raid_incoming", event_id: "e" }),
    "raid_incoming",
  );
  assert.equal(eventTypeOf("chat", { viewer_count: 1 }), "unknown");
  assert.equal(eventTypeOf(undefined, { message_id: "m" }), "unknown");
});
