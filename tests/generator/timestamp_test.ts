import assert from "node:assert/strict";
import {
  parseMicros,
  TimestampFormatter,
  toMicros,
  utcDay,
} from "../../src/generator/timestamp.ts";

Deno.test("TimestampFormatter.format() writes RFC 3339 UTC with six fractional digits", () => {
  const f = new TimestampFormatter();
  const at = Date.UTC(2025, 9, 16, 10, 30, 0) * 1000;
  assert.equal(f.format(at + 123_456), "2025-10-16T10:30:00.123456Z");
  assert.equal(f.format(at + 999_999), "2025-10-16T10:30:00.999999Z");
  assert.equal(f.format(at + 1_000_000), "2025-10-16T10:30:01.000000Z");
  assert.equal(f.format(at + 1_000_007), "2025-10-16T10:30:01.000007Z");
  const midnight = Date.UTC(2025, 11, 31, 23, 59, 59) * 1000;
  assert.equal(f.format(midnight + 500_000), "2025-12-31T23:59:59.500000Z");
  assert.equal(f.format(midnight + 1_000_000), "2026-01-01T00:00:00.000000Z");
  assert.equal(f.format(midnight + 1_000_000), "2026-01-01T00:00:00.000000Z");
  assert.throws(() => f.format(Date.UTC(10000, 0, 1) * 1000), /years 0000–9999/);
});

Deno.test("toMicros() keeps the fraction of a millisecond; parseMicros() reads it back", () => {
  const ms = Date.UTC(2025, 9, 16, 10, 30, 0) + 0.25;
  assert.equal(toMicros(ms), Date.UTC(2025, 9, 16, 10, 30, 0) * 1000 + 250);
  const f = new TimestampFormatter();
  for (const us of [toMicros(ms), toMicros(ms) + 3_600_000_001]) {
    assert.equal(parseMicros(f.format(us)), us);
  }
  assert.equal(parseMicros("2025-10-16T10:30:00Z"), Date.UTC(2025, 9, 16, 10, 30) * 1000);
  assert.throws(() => parseMicros("2025-10-16 10:30:00"), RangeError);
});

Deno.test("utcDay() changes exactly at UTC midnight", () => {
  const midnight = Date.UTC(2025, 9, 17) * 1000;
  assert.equal(utcDay(midnight - 1) + 1, utcDay(midnight));
  assert.equal(utcDay(midnight), utcDay(midnight + 86_399_999_999));
});

Deno.test("TimestampFormatter.format() agrees with Date to the second, second after second and day after day", () => {
  const f = new TimestampFormatter();
  // Irregular steps of 0.7 s to 5 h over ten days, before and after 1970.
  for (const start of [Date.UTC(2025, 9, 16, 23, 59, 58), Date.UTC(1969, 11, 31, 23, 0, 0)]) {
    let us = start * 1000;
    for (let i = 0; i < 20_000; i++) {
      us += 700_000 + ((i * 7_919_000_003) % 18_000_000_000);
      const text = f.format(us);
      const iso = new Date(Math.floor(us / 1_000_000) * 1000).toISOString();
      assert.equal(text.slice(0, 20), iso.slice(0, 20), `at ${us}`);
    }
  }
});
