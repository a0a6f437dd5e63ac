import assert from "node:assert/strict";
import { clockTime, groupDigits, prettyLine, sanitize } from "../../src/consume/pretty.ts";
import { decodeValue } from "../../src/consume/record.ts";

const chat = {
  message_id: "123e4567-e89b-12d3-a456-426614174000",
  channel: "demo_stream",
  username: "gamer123",
  message: "GG Kappa",
  emotes: ["Kappa"],
  badges: ["subscriber"],
  timestamp: "2025-10-16T10:30:00.123456Z",
};

function line(value: unknown, color = false, kind: "chat" | undefined = "chat") {
  return prettyLine({
    topic: "telemetra.events.chat",
    partition: 1,
    offset: "7",
    timestampMs: Date.UTC(2025, 9, 16, 9, 0, 0),
    key: "demo_stream",
    value: decodeValue(new TextEncoder().encode(JSON.stringify(value))),
    kind,
  }, { color, maxRawChars: 20 });
}

Deno.test("prettyLine() shows chat text as sent, emotes highlighted by colour on a terminal only", () => {
  assert.equal(line(chat), "10:30:00 #demo_stream [subscriber] <gamer123> GG Kappa");
  assert.equal(
    line(chat, true),
    "\x1b[2m10:30:00\x1b[0m #demo_stream \x1b[36m[subscriber]\x1b[0m <\x1b[1mgamer123\x1b[0m> GG \x1b[1;35mKappa\x1b[0m",
  );
  // Only whole words listed in `emotes` are emotes: "Kappa" inside another word stays plain.
  const inWords = { ...chat, message: "Kappa KappaPride notKappa Kappa", emotes: ["Kappa"] };
  assert.equal(
    line(inWords, true).split("> ")[1],
    "\x1b[1;35mKappa\x1b[0m KappaPride notKappa \x1b[1;35mKappa\x1b[0m",
  );
  assert.equal(line(inWords).split("> ")[1], "Kappa KappaPride notKappa Kappa");
});

Deno.test("prettyLine() shows an event missing its fields raw, cut to the limit", () => {
  assert.equal(
    line({ channel: "demo_stream", note: "no username or message here" }),
    '09:00:00 telemetra.events.chat/1@7 key=demo_stream unknown event: {"channel":"demo_str … (62 bytes in all)',
  );
});

Deno.test("sanitize() shows control and bidi characters as escapes", () => {
  assert.equal(sanitize("a\x1b[2Jb\nc\td\u202ee\x7f"), "a\\u001b[2Jb\\nc\\td\\u202ee\\u007f");
});

Deno.test("groupDigits() groups thousands independent of the locale", () => {
  assert.equal(groupDigits(0), "0");
  assert.equal(groupDigits(999), "999");
  assert.equal(groupDigits(1000), "1,000");
  assert.equal(groupDigits(-1234567.5), "-1,234,567.5");
});

Deno.test("clockTime() uses the event's timestamp in UTC, else the record's", () => {
  assert.equal(clockTime("2025-10-16T10:30:00.123456Z", 0), "10:30:00");
  assert.equal(clockTime("2025-10-16T12:30:00+02:00", 0), "10:30:00");
  assert.equal(clockTime("yesterday", Date.UTC(2025, 0, 1, 23, 59, 58)), "23:59:58");
  assert.equal(clockTime(undefined, NaN), "--:--:--");
});
