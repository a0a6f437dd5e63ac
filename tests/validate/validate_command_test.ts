/** The validate subcommand driven in-process: arguments in, output and exit code out. */
import assert from "node:assert/strict";
import { CommanderError } from "commander";
import { validateCommand } from "../../src/cli/validate.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { describeError } from "../../src/errors.ts";

const SEEDS = new URL("../fixtures/seed_examples/", import.meta.url);
const seedText = (name: string) => Deno.readTextFileSync(new URL(`${name}.json`, SEEDS));
const chat = JSON.parse(seedText("chat_message"));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function validate(args: string[], options: { cwd?: string; stdin?: string } = {}) {
  const outcome: Outcome = { code: 0, stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: (text) => void (outcome.stdout += text),
    stderr: (text) => void (outcome.stderr += text),
    readStdin: () => Promise.resolve(new TextEncoder().encode(options.stdin ?? "")),
    setExitCode: (code) => void (outcome.code = code),
    cwd: options.cwd ?? new URL(".", SEEDS).pathname,
    env: {},
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    shutdown: new AbortController().signal,
  };
  try {
    await validateCommand(io).exitOverride().configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
    }).parseAsync(args, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      outcome.code = 2;
      return outcome;
    }
    const { message, exitCode } = describeError(error);
    outcome.stderr += `error: ${message}\n`;
    outcome.code = exitCode;
  }
  return outcome;
}

async function inTempDir(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "validate_test_" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

Deno.test("validate accepts every seed README example from files (exit 0)", async () => {
  for (const name of ["chat_message", "viewer_count", "transaction", "stream_meta"]) {
    assert.deepEqual(await validate([name, `${name}.json`]), {
      code: 0,
      stdout: `${name}.json valid\n`,
      stderr: "",
    });
  }
});

Deno.test("validate takes the seed's inline JSON payload with a .json schema name", async () => {
  const outcome = await validate(["chat_message.json", seedText("chat_message_minimal")]);
  assert.deepEqual(outcome, { code: 0, stdout: "<inline> valid\n", stderr: "" });
});

Deno.test("validate reports every error of an invalid payload and exits 1", async () => {
  const payload = JSON.stringify({ ...chat, message_id: "x", bits: -1 });
  assert.deepEqual(await validate(["chat_message", payload]), {
    code: 1,
    stdout: "<inline> invalid\n" +
      '  /message_id: must match format "uuid" (format, "x")\n' +
      "  /bits: must be >= 0 (minimum, -1)\n",
    stderr: "",
  });
});

Deno.test("validate reads standard input given as -", async () => {
  const stdin = [JSON.stringify(chat), JSON.stringify({ ...chat, sentiment_hint: "meh" })].join(
    "\n",
  );
  assert.deepEqual(await validate(["chat_message", "-"], { stdin }), {
    code: 1,
    stdout: "<stdin>:2 invalid\n" +
      '  /sentiment_hint: must be one of "positive", "negative", "neutral", "excited", ' +
      '"question" (enum, "meh")\n' +
      "<stdin>: 1 valid, 1 invalid\n",
    stderr: "",
  });
});

Deno.test("validate reports NDJSON records by line, malformed ones with line and column", async () => {
  const dir = await inTempDir({
    "events.ndjson": `${JSON.stringify(chat)}\n{"message_id": }\n${JSON.stringify(chat)}\n`,
  });
  assert.deepEqual(await validate(["chat_message", "events.ndjson"], { cwd: dir }), {
    code: 1,
    stdout: "events.ndjson:2 invalid\n" +
      "  line 2, column 16: malformed JSON: expected a value, found '}'\n" +
      "events.ndjson: 2 valid, 1 invalid\n",
    stderr: "",
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("validate checks a JSON array file element by element", async () => {
  const dir = await inTempDir({
    "batch.json": JSON.stringify([chat, chat, { ...chat, timestamp: "yesterday" }], null, 2),
  });
  assert.deepEqual(await validate(["chat_message", "batch.json"], { cwd: dir }), {
    code: 1,
    stdout: "batch.json[2] invalid\n" +
      '  /timestamp: must match format "date-time" (format, "yesterday")\n' +
      "batch.json: 2 valid, 1 invalid\n",
    stderr: "",
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("validate reports a malformed pretty document with line and column", async () => {
  const dir = await inTempDir({ "bad.json": '{\n  "a": 1\n  "b": 2\n}\n' });
  assert.deepEqual(await validate(["chat_message", "bad.json"], { cwd: dir }), {
    code: 1,
    stdout: "bad.json invalid\n" +
      `  line 3, column 3: malformed JSON: expected ',' or '}' after a property value, found '"'\n`,
    stderr: "",
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("validate uses a custom schema file, which wins over a built-in name", async () => {
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["email"],
    properties: { email: { type: "string", format: "email" } },
  };
  const dir = await inTempDir({ "chat_message.json": JSON.stringify(schema) });
  const outcome = await validate(
    ["chat_message.json", '{"email":"a@b.example"}', '{"email":"nope"}', "--verbose"],
    { cwd: dir },
  );
  assert.deepEqual(outcome, {
    code: 1,
    stdout: "<inline 1> valid\n" +
      "<inline 2> invalid\n" +
      '  /email: must match format "email" (format, "nope")\n' +
      "total: 1 valid, 1 invalid\n",
    stderr: `using schema file ${dir}/chat_message.json\n` +
      "<inline 1>: document, 1 record(s)\n<inline 2>: document, 1 record(s)\n",
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("validate --verbose names the built-in schema it used", async () => {
  const outcome = await validate(["transaction", "transaction.json", "--verbose"]);
  assert.equal(outcome.code, 0);
  assert.match(
    outcome.stderr,
    /^using built-in schema transaction \(https:\/\/telemetra\.dev\/schemas\/transaction\/v1\.json\)\n/,
  );
});

Deno.test("a custom schema may $ref the built-in schemas by $id", async () => {
  const envelope = {
    type: "object",
    required: ["value"],
    properties: { value: { $ref: "https://telemetra.dev/schemas/chat_message/v1.json" } },
  };
  const dir = await inTempDir({ "envelope.json": JSON.stringify(envelope) });
  const outcome = await validate(
    ["envelope.json", JSON.stringify({ value: { ...chat, bits: 1.5 } })],
    { cwd: dir },
  );
  assert.deepEqual(outcome, {
    code: 1,
    stdout: "<inline> invalid\n  /value/bits: must be integer (type, 1.5)\n",
    stderr: "",
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a schema of type array validates a top-level array as one record", async () => {
  const dir = await inTempDir({ "list.json": '{"type":"array","maxItems":1}' });
  assert.deepEqual(await validate(["list.json", "[1,2]"], { cwd: dir }), {
    code: 1,
    stdout: "<inline> invalid\n  (root): must NOT have more than 1 items (maxItems, [1,2])\n",
    stderr: "",
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("validate --quiet prints nothing and only sets the exit code", async () => {
  assert.deepEqual(await validate(["chat_message", "-q", '{"a":1}']), {
    code: 1,
    stdout: "",
    stderr: "",
  });
  assert.deepEqual(await validate(["chat_message", "--quiet", "chat_message.json"]), {
    code: 0,
    stdout: "",
    stderr: "",
  });
});

Deno.test("validate --errors json prints one machine-readable document", async () => {
  const outcome = await validate(["viewer_count", "--errors", "json", '{"viewer_count":-1}']);
  assert.equal(outcome.code, 1);
  const report = JSON.parse(outcome.stdout);
  assert.equal(report.valid, false);
  assert.deepEqual(report.summary, { valid: 0, invalid: 1 });
  assert.deepEqual(
    report.results[0].errors.map((
      e: { pointer: string; keyword: string },
    ) => [e.pointer, e.keyword]),
    [
      ["/event_id", "required"],
      ["/channel", "required"],
      ["/timestamp", "required"],
      ["/viewer_count", "minimum"],
    ],
  );
});

Deno.test("validate --list prints the built-in names", async () => {
  assert.deepEqual(await validate(["--list"]), {
    code: 0,
    stdout: "chat_message\nviewer_count\ntransaction\nstream_meta\n",
    stderr: "",
  });
});

Deno.test("validate exits 2 for usage errors, unknown, unreadable or invalid schemas", async () => {
  const dir = await inTempDir({
    "bad_type.json": '{"type":"objekt"}',
    "not_json.json": '{"type":',
    "draft2020.json": '{"$schema":"https://json-schema.org/draft/2020-12/schema"}',
    "missing_ref.json": '{"$ref":"other.json#/x"}',
  });
  await Deno.mkdir(`${dir}/folder`);
  const cases: [string[], string][] = [
    [[], "error: give a SCHEMA and at least one PAYLOAD (see validate --help)\n"],
    [
      ["chat_message"],
      "error: give at least one PAYLOAD to check against chat_message: a file, inline JSON, " +
      "or - for standard input\n",
    ],
    [
      ["chat", "{}"],
      'error: unknown schema "chat": no such file, and not a built-in schema ' +
      "(chat_message, viewer_count, transaction, stream_meta)\n",
    ],
    [
      ["chat_message", "missing.json"],
      "error: cannot read payload missing.json: no such file (and not inline JSON)\n",
    ],
    [["chat_message", "folder"], "error: payload folder is a directory, not a file\n"],
    [["chat_message", "-", "-"], "error: - (standard input) can be given only once\n"],
    [
      ["bad_type.json", "{}"],
      "error: schema bad_type.json is invalid: data/type must be equal to one " +
      "of the allowed values, data/type must be array, data/type must match a schema in anyOf\n",
    ],
    [
      ["not_json.json", "{}"],
      "error: schema not_json.json is not JSON: line 1, column 9: expected a value, found end of input\n",
    ],
    [
      ["draft2020.json", "{}"],
      "error: schema draft2020.json declares draft/2020-12; only JSON Schema draft-07 is supported\n",
    ],
    [
      ["missing_ref.json", "{}"],
      "error: schema missing_ref.json is invalid: can't resolve reference other.json#/x from id #\n",
    ],
  ];
  for (const [args, stderr] of cases) {
    assert.deepEqual(
      await validate(args, { cwd: dir }),
      { code: 2, stdout: "", stderr },
      args.join(" "),
    );
  }
  assert.equal((await validate(["chat_message", "--errors", "xml", "{}"])).code, 2);
  assert.equal((await validate(["chat_message", "-q", "-v", "{}"])).code, 2);
  await Deno.remove(dir, { recursive: true });
});
