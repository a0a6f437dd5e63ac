/** Black-box: `deno run main.ts validate …` as a user or a CI script runs it. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runCli } from "../support/cli.ts";

const SEEDS = new URL("../fixtures/seed_examples/", import.meta.url);
const ENVELOPE_SCHEMA = fileURLToPath(new URL("./envelope_schema.json", import.meta.url));
const seedText = (name: string) => Deno.readTextFileSync(new URL(`${name}.json`, SEEDS));

async function emptyDirWith(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "validate_cli_" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

Deno.test("validate uses the embedded schemas where no schemas folder exists (exit 0)", async () => {
  const dir = await emptyDirWith({
    "chat.json": seedText("chat_message"),
    "viewer.json": seedText("viewer_count"),
    "txn.json": seedText("transaction"),
    "meta.json": seedText("stream_meta"),
  });
  try {
    const runs = [
      ["chat_message.json", "chat.json"],
      ["viewer_count", "viewer.json"],
      ["transaction.json", "txn.json"],
      ["stream_meta", "meta.json"],
    ];
    for (const [schema, payload] of runs) {
      assert.deepEqual(await runCli(["validate", schema, payload], { cwd: dir }), {
        code: 0,
        stdout: `${payload} valid\n`,
        stderr: "",
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validate takes the seed's inline payload", async () => {
  assert.deepEqual(
    await runCli(["validate", "chat_message.json", seedText("chat_message_minimal")]),
    { code: 0, stdout: "<inline> valid\n", stderr: "" },
  );
});

Deno.test("validate - reads NDJSON from stdin and exits 1 on an invalid line", async () => {
  const chat = JSON.parse(seedText("chat_message"));
  const stdin = `${JSON.stringify(chat)}\n${JSON.stringify({ ...chat, emotes: "Kappa" })}\n`;
  assert.deepEqual(await runCli(["validate", "chat_message", "-"], { stdin }), {
    code: 1,
    stdout: '<stdin>:2 invalid\n  /emotes: must be array (type, "Kappa")\n' +
      "<stdin>: 1 valid, 1 invalid\n",
    stderr: "",
  });
});

Deno.test("validate --errors json and --quiet keep the exit code", async () => {
  const json = await runCli(["validate", "viewer_count", "--errors", "json", '{"viewer_count":1}']);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.stdout).summary, { valid: 0, invalid: 1 });
  assert.deepEqual(await runCli(["validate", "-q", "viewer_count", '{"viewer_count":1}']), {
    code: 1,
    stdout: "",
    stderr: "",
  });
});

Deno.test("validate exits 2 with a one-line error for an unknown schema or a bad flag", async () => {
  assert.deepEqual(await runCli(["validate", "chat_msg", "{}"]), {
    code: 2,
    stdout: "",
    stderr: 'error: unknown schema "chat_msg": no such file, and not a built-in schema ' +
      "(chat_message, viewer_count, transaction, stream_meta)\n",
  });
  const badFlag = await runCli(["validate", "--errors", "xml", "chat_message", "{}"]);
  assert.equal(badFlag.code, 2);
  assert.equal(badFlag.stdout, "");
  assert.match(badFlag.stderr, /^error: option '--errors <format>' argument 'xml' is invalid/);
  assert.equal(badFlag.stderr.trimEnd().split("\n").length, 1);
});

Deno.test("100,000 events from produce --stdout validate in one call", async () => {
  const produced = await runCli([
    "produce",
    "--stdout",
    "--envelope",
    "--count",
    "100000",
    "--rate",
    "0",
    "--seed",
    "11",
    "--channels",
    "alpha,beta,gamma",
  ], { env: { LOG_LEVEL: "ERROR" } });
  assert.equal(produced.code, 0, produced.stderr);
  const checked = await runCli(["validate", ENVELOPE_SCHEMA, "-"], { stdin: produced.stdout });
  assert.deepEqual(checked, {
    code: 0,
    stdout: "<stdin>: 100000 valid, 0 invalid\n",
    stderr: "",
  });
});
