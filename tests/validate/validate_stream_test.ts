/**
 * validate reads files and standard input as streams: records cut by read-chunk boundaries,
 * invalid UTF-8 on one line, a file far larger than the heap checked by the CLI under the V8
 * flags the binary runs with, and the one-line error for a document too large to load.
 */
import assert from "node:assert/strict";
import {
  runValidate,
  type ValidateFlags,
  type ValidateLimits,
} from "../../src/validate/session.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { describeError } from "../../src/errors.ts";
import { V8_FLAGS } from "../../tools/compile/v8_flags.ts";
import { runCli } from "../support/cli.ts";

const SEEDS = new URL("../fixtures/seed_examples/", import.meta.url);
const chat = JSON.parse(Deno.readTextFileSync(new URL("chat_message.json", SEEDS)));
const encoder = new TextEncoder();

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** runValidate in-process, reading `stdin` (a real stream) for `-`. */
async function validate(
  cwd: string,
  args: string[],
  options: {
    flags?: Partial<ValidateFlags>;
    limits?: ValidateLimits;
    stdin?: () => ReadableStream<Uint8Array>;
  } = {},
): Promise<Outcome> {
  const outcome: Outcome = { code: -1, stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: (text) => void (outcome.stdout += text),
    stderr: (text) => void (outcome.stderr += text),
    readStdin: options.stdin ?? (() => Promise.resolve(new Uint8Array())),
    setExitCode: () => {},
    cwd,
    env: {},
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    shutdown: new AbortController().signal,
  };
  try {
    outcome.code = await runValidate(io, args[0], args.slice(1), {
      errors: "text",
      inputFormat: "auto",
      ...options.flags,
    }, options.limits);
  } catch (error) {
    const { message, exitCode } = describeError(error);
    outcome.stderr += `error: ${message}\n`;
    outcome.code = exitCode;
  }
  return outcome;
}

async function tempDirWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "validate_stream_" });
  for (const [name, content] of Object.entries(files)) {
    await Deno.writeFile(
      `${dir}/${name}`,
      typeof content === "string" ? encoder.encode(content) : content,
    );
  }
  return dir;
}

/** A valid chat message with its own id and text. */
function chatLine(i: number): string {
  const id = i.toString(16).padStart(12, "0");
  return JSON.stringify({
    ...chat,
    message_id: `123e4567-e89b-42d3-a456-${id}`,
    message: `message ${i} — é 🎮 Kappa`,
  });
}

const MIXED = [
  chatLine(1),
  "",
  "   ",
  chatLine(2) + "\r",
  JSON.stringify({ ...chat, bits: -1 }),
  '{"message_id": }',
  chatLine(3),
].join("\n");

const MIXED_REPORT = "events.ndjson:5 invalid\n" +
  "  /bits: must be >= 0 (minimum, -1)\n" +
  "events.ndjson:6 invalid\n" +
  "  line 6, column 16: malformed JSON: expected a value, found '}'\n" +
  "events.ndjson: 3 valid, 2 invalid\n";

Deno.test("validate reads NDJSON records cut anywhere by read-chunk boundaries", async () => {
  const dir = await tempDirWith({ "events.ndjson": MIXED });
  try {
    for (const chunkSize of [1, 2, 3, 7, 64, 1000, 256 * 1024]) {
      assert.deepEqual(
        await validate(dir, ["chat_message", "events.ndjson"], { limits: { chunkSize } }),
        { code: 1, stdout: MIXED_REPORT, stderr: "" },
        `chunks of ${chunkSize} bytes`,
      );
    }
    const verbose = await validate(dir, ["chat_message", "events.ndjson"], {
      flags: { verbose: true },
      limits: { chunkSize: 5 },
    });
    assert.equal(
      verbose.stdout,
      "events.ndjson:1 valid\nevents.ndjson:4 valid\n" +
        MIXED_REPORT.replace("events.ndjson: 3", "events.ndjson:7 valid\nevents.ndjson: 3"),
    );
    assert.match(verbose.stderr, /\nevents\.ndjson: ndjson, 5 record\(s\)\n$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validate spoils only the NDJSON line with invalid UTF-8, from a file or a stdin stream", async () => {
  const bytes = new Uint8Array([
    ...encoder.encode(`${chatLine(1)}\n${chatLine(2).slice(0, 60)}`),
    0xff,
    ...encoder.encode(`${chatLine(2).slice(60)}\n${chatLine(3)}\n`),
  ]);
  const dir = await tempDirWith({ "events.ndjson": bytes });
  const offset = encoder.encode(chatLine(1)).length + 1 + 60;
  const report = (label: string) =>
    `${label}:2 invalid\n` +
    `  line 2, column 61: malformed JSON: not valid UTF-8 (byte 0xff at offset ${offset})\n` +
    `${label}: 2 valid, 1 invalid\n`;
  try {
    for (const chunkSize of [1, 61, 4096]) {
      assert.deepEqual(
        await validate(dir, ["chat_message", "events.ndjson"], { limits: { chunkSize } }),
        { code: 1, stdout: report("events.ndjson"), stderr: "" },
      );
      const stdin = () => Deno.openSync(`${dir}/events.ndjson`).readable;
      assert.deepEqual(
        await validate(dir, ["chat_message", "-"], { stdin, limits: { chunkSize } }),
        { code: 1, stdout: report("<stdin>"), stderr: "" },
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validate refuses a JSON document over 16 MiB with one error line and exit 2", async () => {
  const events = Array.from({ length: 48_000 }, (_, i) => JSON.parse(chatLine(i)));
  const text = JSON.stringify(events, null, 2);
  assert.ok(text.length > 16 * 1024 * 1024, `${text.length} bytes`);
  const dir = await tempDirWith({ "batch.json": text, "small.json": JSON.stringify(events[0]) });
  const error = "error: payload batch.json is one JSON document over 16 MiB, too large to check " +
    "at once: give it as NDJSON, one record per line (an array converts with jq -c '.[]' " +
    "batch.json > records.ndjson)\n";
  try {
    assert.deepEqual(await validate(dir, ["chat_message", "batch.json"]), {
      code: 2,
      stdout: "",
      stderr: error,
    });
    // As the binary runs, under its heap cap: the same line, no stack trace.
    assert.deepEqual(
      await runCli(["validate", "chat_message", "small.json", "batch.json"], {
        cwd: dir,
        v8Flags: V8_FLAGS,
      }),
      { code: 2, stdout: "small.json valid\n", stderr: error },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validate refuses an NDJSON line over the record limit, naming the line", async () => {
  const dir = await tempDirWith({
    "events.ndjson": `${chatLine(1)}\n${chatLine(2)}\n${
      JSON.stringify({ pad: "x".repeat(5000) })
    }\n`,
  });
  try {
    assert.deepEqual(
      await validate(dir, ["chat_message", "events.ndjson"], {
        limits: { chunkSize: 512, maxRecordBytes: 4096 },
      }),
      {
        code: 2,
        stdout: "",
        stderr:
          "error: payload events.ndjson: line 3 is over 4096 bytes, the most one record may take\n",
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("200,000 NDJSON events validate under the binary's V8 heap cap", async () => {
  const dir = await Deno.makeTempDir({ prefix: "validate_stream_" });
  try {
    const file = await Deno.open(`${dir}/chat.ndjson`, { write: true, create: true });
    for (let start = 0; start < 200_000; start += 10_000) {
      const lines = Array.from({ length: 10_000 }, (_, i) => `${chatLine(start + i)}\n`);
      const bytes = encoder.encode(lines.join(""));
      for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
    }
    file.close();
    const size = (await Deno.stat(`${dir}/chat.ndjson`)).size;
    assert.ok(size > 60_000_000, `${size} bytes`);
    assert.deepEqual(
      await runCli(["validate", "chat_message", "chat.ndjson"], { cwd: dir, v8Flags: V8_FLAGS }),
      { code: 0, stdout: "chat.ndjson: 200000 valid, 0 invalid\n", stderr: "" },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
