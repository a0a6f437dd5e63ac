/**
 * Deno is not on PATH on a fresh machine: the pinned one is `tools/deno`. A command the docs ask
 * people to type must say so, or it fails with "deno: command not found".
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

async function markdownFiles(): Promise<string[]> {
  const files = ["README.md", "schemas/README.md"];
  for await (const entry of Deno.readDir(new URL("docs/", ROOT))) {
    if (entry.name.endsWith(".md")) files.push(`docs/${entry.name}`);
  }
  return files;
}

/** Code a reader may type: inline `spans` and the lines of fenced code blocks. */
function codeOf(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  let fenced = false;
  markdown.split("\n").forEach((text, index) => {
    if (text.startsWith("```")) {
      fenced = !fenced;
      return;
    }
    if (fenced) out.push({ line: index + 1, code: text });
    else {
      for (const span of text.matchAll(/`([^`]+)`/g)) out.push({ line: index + 1, code: span[1]! });
    }
  });
  return out;
}

/**
 * `deno task NAME`, `deno run ARGS`, `deno test ARGS` … not preceded by `tools/`. A bare
 * `deno run` or `deno compile` names the mode or the subcommand, not a command to type.
 */
export function bareDenoCommands(code: string): string[] {
  const pattern = /(^|[^\w/.-])(deno (?:task|run|test|fmt|lint|check|compile|install) +\S+)/g;
  return [...code.matchAll(pattern)].map((match) => match[2]!);
}

Deno.test("bareDenoCommands() finds commands without tools/, and only those", () => {
  assert.deepEqual(bareDenoCommands("deno task compile --offline"), ["deno task compile"]);
  assert.deepEqual(bareDenoCommands("cd x && deno test -A tests/"), ["deno test -A"]);
  assert.deepEqual(bareDenoCommands("tools/deno task compile"), []);
  assert.deepEqual(bareDenoCommands("deno run"), []);
  assert.deepEqual(bareDenoCommands("deno compile"), []);
  assert.deepEqual(bareDenoCommands("the `deno task` entries"), []);
});

Deno.test("the README and docs/ spell every deno command as tools/deno", async () => {
  const bare: string[] = [];
  for (const file of await markdownFiles()) {
    const text = await Deno.readTextFile(new URL(file, ROOT));
    for (const { line, code } of codeOf(text)) {
      for (const command of bareDenoCommands(code)) bare.push(`${file}:${line}: ${command}`);
    }
  }
  assert.deepEqual(bare, []);
});
