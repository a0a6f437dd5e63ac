import assert from "node:assert/strict";
import { checkValue, recordValidator } from "../../src/consume/validation.ts";
import { decodeValue } from "../../src/consume/record.ts";
import { validatorFor } from "../../src/schemas.ts";

const encode = (v: unknown) => decodeValue(new TextEncoder().encode(JSON.stringify(v)));

const chat = {
  message_id: "123e4567-e89b-12d3-a456-426614174000",
  channel: "demo_stream",
  username: "gamer123",
  message: "hi",
  timestamp: "2025-10-16T10:30:00.123456Z",
};

Deno.test("checkValue() accepts a valid chat message", () => {
  assert.deepEqual(checkValue(validatorFor("chat_message"), encode(chat)), {
    valid: true,
    errors: [],
  });
});

Deno.test("checkValue() names the pointer and keyword of each schema error", () => {
  const result = checkValue(
    validatorFor("chat_message"),
    encode({ ...chat, message_id: "nope", timestamp: undefined, sentiment_hint: "meh" }),
  );
  assert.equal(result.valid, false);
  assert.deepEqual(result.errors, [
    "/timestamp: is required (required)",
    '/message_id: must match format "uuid" (format, "nope")',
    '/sentiment_hint: must be one of "positive", "negative", "neutral", "excited", "question" (enum, "meh")',
  ]);
});

Deno.test("recordValidator() makes values that are not JSON invalid with a plain reason", () => {
  const validate = recordValidator(new Map([["t", validatorFor("chat_message")]]));
  assert.deepEqual(validate("t", decodeValue(new TextEncoder().encode("plain"))), {
    valid: false,
    errors: ["value is not JSON"],
  });
  assert.deepEqual(validate("t", decodeValue(null)), { valid: false, errors: ["value is null"] });
  assert.deepEqual(validate("t", decodeValue(new Uint8Array([0xff]))), {
    valid: false,
    errors: ["value is not valid UTF-8"],
  });
  assert.deepEqual(validate("u", encode(chat)), {
    valid: false,
    errors: ["no schema for topic u"],
  });
});
