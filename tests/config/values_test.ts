import assert from "node:assert/strict";
import {
  parseBoolean,
  parseDuration,
  parseInstant,
  parseInteger,
  parseList,
  parseNumber,
  parseShard,
} from "../../src/config/values.ts";
import { UsageError } from "../../src/errors.ts";

Deno.test("parseDuration() reads ms, s, m, h, compounds and bare seconds", () => {
  assert.equal(parseDuration("500ms", "--d"), 500);
  assert.equal(parseDuration("30s", "--d"), 30_000);
  assert.equal(parseDuration("5m", "--d"), 300_000);
  assert.equal(parseDuration("1h30m", "--d"), 5_400_000);
  assert.equal(parseDuration("2.5", "--d"), 2500);
});

Deno.test("parseDuration() rejects words with a message naming the flag and the value", () => {
  assert.throws(
    () => parseDuration("soon", "--duration"),
    new UsageError('--duration must be a duration such as 500ms, 30s, 5m or 1h30m, got "soon"'),
  );
  assert.throws(() => parseDuration("10x", "--duration"), UsageError);
  assert.throws(() => parseDuration("", "--duration"), UsageError);
});

Deno.test("parseNumber() rejects negative and non-numeric rates", () => {
  assert.equal(parseNumber("12.5", "--rate"), 12.5);
  assert.throws(
    () => parseNumber("-5", "--rate"),
    new UsageError('--rate must be a number ≥ 0, got "-5"'),
  );
  assert.throws(
    () => parseNumber("fast", "RATE_PER_SEC"),
    new UsageError('RATE_PER_SEC must be a number ≥ 0, got "fast"'),
  );
  assert.throws(() => parseNumber("Infinity", "--rate"), UsageError);
});

Deno.test("parseInteger() enforces integers within bounds", () => {
  assert.equal(parseInteger("42", "--count", 1), 42);
  assert.throws(() => parseInteger("4.2", "--count", 1), UsageError);
  assert.throws(
    () => parseInteger("0", "--count", 1, 10),
    new UsageError('--count must be an integer from 1 to 10, got "0"'),
  );
});

Deno.test("parseBoolean() accepts the usual spellings and nothing else", () => {
  for (const t of ["true", "TRUE", "1", "yes", "on"]) assert.equal(parseBoolean(t, "X"), true);
  for (const f of ["false", "False", "0", "no", "off"]) assert.equal(parseBoolean(f, "X"), false);
  assert.throws(
    () => parseBoolean("maybe", "PRODUCE_CHAT"),
    new UsageError('PRODUCE_CHAT must be true or false, got "maybe"'),
  );
});

Deno.test("parseList() trims, drops duplicates and rejects an empty list", () => {
  assert.deepEqual(parseList(" a, b ,a,c ", "CHANNELS"), ["a", "b", "c"]);
  assert.throws(
    () => parseList(" , ", "CHANNELS"),
    new UsageError('CHANNELS must be a non-empty comma-separated list, got " , "'),
  );
  assert.throws(() => parseList("a b", "CHANNELS"), UsageError);
});

Deno.test("parseInstant() needs a time zone and a real date", () => {
  assert.equal(parseInstant("2025-10-16T00:00:00Z", "--start"), Date.UTC(2025, 9, 16));
  assert.equal(parseInstant("2025-10-16T02:00:00+02:00", "--start"), Date.UTC(2025, 9, 16));
  assert.throws(() => parseInstant("yesterday", "--start"), UsageError);
  assert.throws(() => parseInstant("2025-13-40T00:00:00Z", "--start"), UsageError);
});

Deno.test("parseShard() reads i/n with 1 ≤ i ≤ n", () => {
  assert.deepEqual(parseShard("2/3", "--shard"), { index: 2, total: 3 });
  for (const bad of ["0/3", "4/3", "1/0", "a/b", "1"]) {
    assert.throws(() => parseShard(bad, "--shard"), UsageError, bad);
  }
});
