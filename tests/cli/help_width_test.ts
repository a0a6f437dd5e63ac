/**
 * `--help` as a user reads it in an 80-column terminal (or a pipe: commander wraps at 80 when
 * stdout is no terminal): no line wider than that, the top-level command list included.
 */
import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";

const WRAP_WIDTH = 80;
const COMMANDS = ["produce", "consume", "validate", "health"];

function tooWide(help: string): string[] {
  return help.split("\n").filter((line) => line.length > WRAP_WIDTH)
    .map((line) => `${line.length}: ${line}`);
}

Deno.test("top-level --help lists each command on one line within the wrap width", async () => {
  const { code, stdout } = await runCli(["--help"]);
  assert.equal(code, 0);
  assert.deepEqual(tooWide(stdout), []);
  const commands = stdout.slice(stdout.indexOf("\nCommands:\n"), stdout.indexOf("\nExamples:"));
  for (const name of COMMANDS) {
    const line = commands.split("\n").find((text) => text.startsWith(`  ${name} `));
    assert.ok(line, `no line for ${name} in:\n${commands}`);
    // The summary, not the subcommand's whole description, and on the command's own line.
    assert.match(line, new RegExp(`^  ${name}( \\S+)* {2,}[a-z]\\S* \\S+`), line);
  }
  assert.equal(commands.split("\n").filter((text) => /^ {3,}\S/.test(text)).length, 0, commands);
});

Deno.test("telemetra-mock without arguments prints the same help and exits 2", async () => {
  const [bare, help] = await Promise.all([runCli([]), runCli(["--help"])]);
  assert.equal(bare.code, 2);
  assert.equal(bare.stdout, help.stdout);
});

for (const name of COMMANDS) {
  Deno.test(`${name} --help has no line wider than the wrap width`, async () => {
    const { code, stdout } = await runCli([name, "--help"]);
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`^Usage: telemetra-mock ${name} `));
    assert.deepEqual(tooWide(stdout), []);
  });
}
