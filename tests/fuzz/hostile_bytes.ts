/**
 * fast-check arbitraries for payloads nobody should send: real events with bytes flipped,
 * inserted or cut, raw garbage, invalid UTF-8, deep nesting, JSON escapes of lone surrogates.
 * Shared by the validate and consume fuzz tests.
 */
import fc from "fast-check";
import { createGenerator } from "../../src/generator/generate.ts";

const encoder = new TextEncoder();

/** `count` real events as JSON lines, one per kind in the usual mix. */
export function realEventLines(count: number, seed = 11): string[] {
  const generator = createGenerator({
    channels: ["alpha", "bravo"],
    messageVariants: 50,
    enabled: { chat: true, viewer: true, transaction: true, stream_meta: true },
  }, seed);
  const t0 = Date.UTC(2025, 9, 16);
  return Array.from(
    { length: count },
    (_, i) => JSON.stringify(generator.next(t0 + i * 250).value),
  );
}

const EVENTS = realEventLines(64).map((line) => encoder.encode(line));

/** One edit of a byte string: flip, insert or delete a byte at a position (mod length). */
const edit = fc.tuple(fc.constantFrom("flip", "insert", "delete"), fc.nat(), fc.nat(255));

/** Applies `edits` to `bytes` (a copy). */
export function applyEdits(
  bytes: Uint8Array,
  edits: readonly (readonly [string, number, number])[],
): Uint8Array {
  const out = Array.from(bytes);
  for (const [kind, at, byte] of edits) {
    const i = out.length === 0 ? 0 : at % out.length;
    if (kind === "flip" && out.length > 0) out[i] = byte;
    else if (kind === "insert") out.splice(i, 0, byte);
    else out.splice(i, 1);
  }
  return new Uint8Array(out);
}

/** A real event with 1–4 random byte edits. */
export const mutatedEvent = fc.tuple(
  fc.constantFrom(...EVENTS),
  fc.array(edit, { minLength: 1, maxLength: 4 }),
)
  .map(([bytes, edits]) => applyEdits(bytes, edits));

/** Bytes that are valid UTF-8 except for one sequence a strict decoder rejects. */
export const invalidUtf8 = fc.tuple(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    [0xff],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x82],
    [0x80],
  ),
  fc.string({ maxLength: 40 }),
).map(([before, bad, after]) =>
  new Uint8Array([...encoder.encode(before), ...bad, ...encoder.encode(after)])
);

/** `[[[…]]]` or `{"a":{"a":…}}`, balanced or cut short, up to 20,000 levels. */
export const deepJson = fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean(), fc.boolean())
  .map(([depth, array, balanced]) => {
    const open = array ? "[" : '{"a":';
    const close = array ? "]" : "}";
    const inner = array ? "" : "1";
    return encoder.encode(open.repeat(depth) + inner + close.repeat(balanced ? depth : depth >> 1));
  });

/** JSON that decodes to lone surrogates, control characters and line separators. */
export const awkwardJson = fc.constantFrom(
  '{"message_id":"\\ud800","channel":"\\u0000\\u2028\\u2029"}',
  '"\\udfff"',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}',
  "[1e999999, -0, 1e-400]",
  '{"a":1,"a":2}',
  "\ufeff{}",
);

/** Every kind of hostile payload bytes. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: mutatedEvent },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  { weight: 2, arbitrary: invalidUtf8 },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: awkwardJson.map((s) => encoder.encode(s)) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => encoder.encode(JSON.stringify(v))) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((s) => encoder.encode(s)),
  },
);

/** Property-run limits: enough runs to find trouble, bounded in time on a slow machine. */
export const FUZZ_LIMITS = { numRuns: 400, interruptAfterTimeLimit: 4000 } as const;
