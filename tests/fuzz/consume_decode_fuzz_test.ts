/**
 * Property-based fuzzing of consume's record decoding (value, key, headers) and of the printer
 * fed with it, with the hostile payloads of hostile_bytes.ts: nothing may throw, every shape
 * must say truthfully what the bytes were, and --validate must flag every broken record.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { RecordPrinter } from "../../src/consume/printer.ts";
import { DEFAULT_PRETTY } from "../../src/consume/pretty.ts";
import {
  decodeHeaders,
  decodeKey,
  decodeValue,
  headerText,
  type HeaderValue,
  type RecordBatch,
} from "../../src/consume/record.ts";
import { ConsumeStats } from "../../src/consume/stats.ts";
import { recordValidator } from "../../src/consume/validation.ts";
import { validatorFor } from "../../src/schemas.ts";
import { FUZZ_LIMITS, hostileBytes, mutatedEvent } from "./hostile_bytes.ts";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function strictText(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

const headerValue: fc.Arbitrary<HeaderValue> = fc.oneof(
  fc.constant(undefined),
  fc.string(),
  hostileBytes,
  fc.array(fc.oneof(fc.string(), hostileBytes), { maxLength: 3 }),
);

Deno.test("decodeValue() says truthfully what any bytes are and never throws", () => {
  fc.assert(
    fc.property(fc.option(hostileBytes, { nil: null }), (bytes) => {
      const decoded = decodeValue(bytes);
      if (bytes === null) return assert.deepEqual(decoded, { shape: "null", text: "", bytes: 0 });
      assert.equal(decoded.bytes, bytes.length);
      const text = strictText(bytes);
      if (bytes.length === 0) assert.equal(decoded.shape, "empty");
      else if (text === undefined) {
        assert.equal(decoded.shape, "binary");
        assert.deepEqual(fromBase64(decoded.text), bytes);
      } else if (decoded.shape === "json") {
        assert.equal(decoded.text, text);
        // Compared as text: deepEqual recurses and deep nesting is one of the inputs.
        assert.equal(JSON.stringify(decoded.json), JSON.stringify(JSON.parse(text)));
      } else {
        assert.equal(decoded.shape, "text");
        assert.equal(decoded.text, text);
        assert.throws(() => JSON.parse(text));
      }
    }),
    FUZZ_LIMITS,
  );
});

Deno.test("decodeKey(), decodeHeaders() and headerText() take any bytes and never throw", () => {
  fc.assert(
    fc.property(
      fc.option(hostileBytes, { nil: null }),
      fc.dictionary(fc.string({ maxLength: 12 }), headerValue, { maxKeys: 4 }),
      (key, headers) => {
        const decodedKey = decodeKey(key);
        if (key === null) assert.equal(decodedKey, undefined);
        else if (decodedKey!.base64) assert.deepEqual(fromBase64(decodedKey!.text), key);
        else assert.equal(decodedKey!.text, strictText(key));
        const decoded = decodeHeaders(headers);
        for (const name of Object.keys(headers)) {
          const text = headerText(headers, name);
          if (headers[name] === undefined) assert.equal(text, undefined);
          else if (typeof decoded[name] === "string") assert.equal(text, decoded[name]);
        }
      },
    ),
    FUZZ_LIMITS,
  );
});

const batchOf = (values: readonly (Uint8Array | null)[]): RecordBatch => ({
  topic: "telemetra.events.chat",
  partition: 0,
  messages: values.map((value, i) => ({
    offset: String(i),
    timestamp: String(1_760_572_800_000 + i),
    key: new TextEncoder().encode("alpha"),
    value,
  })),
});

Deno.test("consume --validate flags every mutated or hostile chat record and prints each once", () => {
  const validator = recordValidator(
    new Map([["telemetra.events.chat", validatorFor("chat_message")]]),
  );
  fc.assert(
    fc.property(
      fc.array(fc.oneof(mutatedEvent, hostileBytes, fc.constant(null)), {
        minLength: 1,
        maxLength: 12,
      }),
      fc.constantFrom("json", "pretty", "value") as fc.Arbitrary<"json" | "pretty" | "value">,
      (values, format) => {
        let out = "";
        let warnings = "";
        const stats = new ConsumeStats(["telemetra.events.chat"], true);
        const printer = new RecordPrinter(
          { format, pretty: DEFAULT_PRETTY, validate: validator },
          stats,
          (text) => (out += text),
          (text) => (warnings += text),
        );
        const outcome = printer.handle(batchOf(values));
        assert.equal(outcome.taken, values.length);
        const invalid = values.filter((v) => {
          const decoded = decodeValue(v);
          return decoded.shape !== "json" || validatorFor("chat_message")(decoded.json) !== true;
        }).length;
        assert.equal(stats.invalid, invalid);
        assert.equal(
          warnings.split("\n").filter((l) => l.startsWith("invalid record ")).length,
          invalid,
        );
        if (format !== "value") assert.equal(out.split("\n").length - 1, values.length);
        if (format === "json") { for (const line of out.trimEnd().split("\n")) JSON.parse(line); }
      },
    ),
    FUZZ_LIMITS,
  );
});
