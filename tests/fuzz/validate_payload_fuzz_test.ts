/**
 * Property-based fuzzing of validate's payload path (bytes → UTF-8 → records → schema → report),
 * in-process through runValidate: hostile input must give a report and exit 0 or 1, never an
 * exception; the JSON report always parses; untouched NDJSON lines stay valid next to broken ones;
 * reading a payload as a stream, in chunks cut anywhere, gives the records of reading it whole.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CliIo } from "../../src/cli/io.ts";
import { runValidate, type ValidateFlags } from "../../src/validate/session.ts";
import type { PayloadRecord } from "../../src/validate/payload.ts";
import { parsePayloadBytes } from "../../src/validate/payload_bytes.ts";
import { streamPayload } from "../../src/validate/payload_stream.ts";
import { decodeUtf8Payload, firstInvalidUtf8 } from "../../src/validate/utf8.ts";
import { applyEdits, FUZZ_LIMITS, hostileBytes, realEventLines } from "./hostile_bytes.ts";

const encoder = new TextEncoder();
const strict = new TextDecoder("utf-8", { fatal: true });

async function validateStdin(
  stdin: Uint8Array,
  flags: Partial<ValidateFlags> = {},
): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: () => {},
    readStdin: () => Promise.resolve(stdin),
    setExitCode: () => {},
    cwd: "/",
    env: {},
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    shutdown: new AbortController().signal,
  };
  const code = await runValidate(io, "chat_message", ["-"], {
    errors: "text",
    inputFormat: "auto",
    ...flags,
  });
  return { code, stdout };
}

Deno.test("decodeUtf8Payload() agrees with a strict decoder on any bytes", () => {
  fc.assert(
    fc.property(hostileBytes, (bytes) => {
      let strictText: string | undefined;
      try {
        strictText = strict.decode(bytes);
      } catch {
        strictText = undefined;
      }
      const decoded = decodeUtf8Payload(bytes);
      if (strictText === undefined) {
        assert.ok("problem" in decoded);
        assert.ok(firstInvalidUtf8(bytes) >= 0);
      } else {
        assert.deepEqual(decoded, { text: strictText });
        assert.equal(firstInvalidUtf8(bytes), -1);
      }
    }),
    FUZZ_LIMITS,
  );
});

Deno.test("validate reports any payload bytes with exit 0 or 1 and never throws", async () => {
  await fc.assert(
    fc.asyncProperty(
      hostileBytes,
      fc.constantFrom("auto", "json", "ndjson") as fc.Arbitrary<ValidateFlags["inputFormat"]>,
      async (bytes, inputFormat) => {
        const text = await validateStdin(bytes, { inputFormat });
        assert.ok(text.code === 0 || text.code === 1, `exit ${text.code}`);
        assert.match(text.stdout, /^<stdin>/);
        const json = await validateStdin(bytes, { inputFormat, errors: "json" });
        assert.equal(json.code, text.code);
        JSON.parse(json.stdout);
      },
    ),
    FUZZ_LIMITS,
  );
});

Deno.test("validate --input-format ndjson keeps untouched lines valid beside mutated ones", async () => {
  const lines = realEventLines(12, 5).map((line) => encoder.encode(line));
  const chatLines = lines.filter((line) => new TextDecoder().decode(line).includes('"message_id"'));
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.tuple(
          fc.constantFrom(...chatLines),
          fc.array(fc.tuple(fc.constantFrom("flip", "insert", "delete"), fc.nat(), fc.nat(255)), {
            maxLength: 2,
          }),
        ),
        { minLength: 1, maxLength: 10 },
      ),
      async (picks) => {
        const records = picks.map(([line, edits]) => applyEdits(line, edits));
        // A mutation may put a newline in a record; count what the validator will see.
        const body = new Uint8Array(records.flatMap((r) => [...r, 0x0a]));
        const untouched = picks.filter(([, edits]) => edits.length === 0).length;
        const { code, stdout } = await validateStdin(body, { inputFormat: "ndjson" });
        const summary = /<stdin>: (\d+) valid, (\d+) invalid/.exec(stdout);
        const valid = summary ? Number(summary[1]) : code === 0 ? 1 : 0;
        assert.ok(valid >= untouched, `${valid} valid < ${untouched} untouched:\n${stdout}`);
      },
    ),
    FUZZ_LIMITS,
  );
});

/** A record with its value as JSON text: deep values would overflow a recursive comparison. */
const flat = (record: PayloadRecord) => ({ ...record, value: JSON.stringify(record.value) });

Deno.test("streamPayload() in chunks cut anywhere reads any bytes as parsePayloadBytes() does", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(hostileBytes, { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 97 }),
      fc.constantFrom("auto", "json", "ndjson") as fc.Arbitrary<ValidateFlags["inputFormat"]>,
      async (lines, chunkSize, format) => {
        const bytes = new Uint8Array(lines.reduce((n, line) => n + line.length + 1, 0));
        let at = 0;
        for (const line of lines) {
          bytes.set(line, at);
          bytes[at + line.length] = 0x0a;
          at += line.length + 1;
        }
        const expected = parsePayloadBytes(bytes, { format });
        const streamed = await streamPayload(
          (async function* () {
            yield bytes;
          })(),
          { format, chunkSize },
        );
        const records: PayloadRecord[] = [];
        for await (const batch of streamed.batches) records.push(...batch);
        assert.equal(streamed.kind, expected.kind);
        assert.deepEqual(records.map(flat), expected.records.map(flat));
      },
    ),
    FUZZ_LIMITS,
  );
});
