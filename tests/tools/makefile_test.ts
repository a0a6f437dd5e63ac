/**
 * The Makefile, run for real with make: `make help` lists exactly the file's targets, each one a
 * rule make can run, the seed's targets are all there, and each recipe is a thin call of the
 * project's scripts and deno tasks (`make -n` prints a recipe without running it).
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;
const read = (path: string) => Deno.readTextFileSync(`${ROOT}${path}`);

/** The targets the seed producer's Makefile offered; its users type these. */
const SEED_TARGETS = [
  "install",
  "run",
  "test",
  "docker-build",
  "docker-run",
  "clean",
  "lint",
  "format",
  "quality",
  "help",
];

interface MakeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function make(...args: string[]): Promise<MakeRun> {
  const { code, stdout, stderr } = await new Deno.Command("make", {
    args: ["--no-print-directory", ...args],
    cwd: ROOT,
    env: { MAKEFLAGS: "" },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** The rules the Makefile declares, in file order. */
function fileTargets(): string[] {
  return [...read("Makefile").matchAll(/^([a-z][a-z-]*):/gm)].map((match) => match[1]!);
}

/** `make help`'s target lines: two spaces, the target, spaces, a description. */
function listedTargets(help: string): { target: string; description: string }[] {
  return help.split("\n").filter((line) => line.startsWith("  ")).map((line) => {
    const match = /^ {2}([a-z][a-z-]*) {2,}(\S.*)$/.exec(line);
    assert.ok(match, `not a "  target  description" line: ${JSON.stringify(line)}`);
    return { target: match[1]!, description: match[2]! };
  });
}

Deno.test("make help lists exactly the Makefile's targets, in file order, one line each", async () => {
  const help = await make("help");
  assert.equal(help.code, 0, help.stderr);
  const listed = listedTargets(help.stdout);
  assert.deepEqual(listed.map((item) => item.target), fileTargets());
  for (const { target, description } of listed) {
    assert.ok(description.length >= 8, `${target} has no real description: ${description}`);
    assert.ok(!description.includes("$("), `${target}'s description shows a make variable`);
  }
  const widest = Math.max(...help.stdout.split("\n").map((line) => line.length));
  assert.ok(widest <= 80, `a help line is ${widest} characters wide`);
});

Deno.test("make alone prints the help", async () => {
  const [bare, help] = await Promise.all([make(), make("help")]);
  assert.equal(bare.code, 0, bare.stderr);
  assert.equal(bare.stdout, help.stdout);
  assert.match(bare.stdout, /^Usage: make TARGET/);
});

Deno.test("every target make help lists is a rule make can run, and .PHONY", async () => {
  const listed = listedTargets((await make("help")).stdout).map((item) => item.target);
  const dryRuns = await Promise.all(listed.map((target) => make("-n", target)));
  listed.forEach((target, index) => {
    assert.equal(dryRuns[index]!.code, 0, `make -n ${target}: ${dryRuns[index]!.stderr}`);
  });
  const phony = /^\.PHONY:((?:.|\\\n)*)$/m.exec(read("Makefile").replaceAll("\\\n", " "));
  assert.ok(phony, "the Makefile declares no .PHONY targets");
  assert.deepEqual(phony[1]!.trim().split(/\s+/).sort(), [...listed].sort());
  // The check above can tell a missing rule apart.
  const missing = await make("-n", "no-such-target");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /No rule to make target 'no-such-target'/);
});

Deno.test("the Makefile has every target of the seed producer's Makefile", () => {
  const targets = fileTargets();
  for (const target of SEED_TARGETS) assert.ok(targets.includes(target), `no make ${target}`);
});

Deno.test("make test runs exactly the README's test command", async () => {
  const dryRun = await make("-n", "test");
  assert.equal(dryRun.code, 0, dryRun.stderr);
  assert.equal(dryRun.stdout, "./scripts/test.sh\n");
  assert.match(read("README.md"), /^\.\/scripts\/test\.sh {2,}# .*full test suite/m);
});

Deno.test("each recipe calls a script in scripts/, a deno task in deno.json or the container tool", async () => {
  const tasks = Object.keys(JSON.parse(read("deno.json")).tasks);
  for (const target of fileTargets().filter((name) => name !== "help")) {
    const { stdout } = await make("-n", target, "ARGS=");
    const command = stdout.replaceAll("\\\n", " ").trim();
    assert.equal(command.split("\n").length, 1, `make ${target} runs more than one command`);
    const task = /^tools\/deno task ([a-z:-]+)/.exec(command);
    if (task) {
      assert.ok(tasks.includes(task[1]!), `make ${target}: no deno task ${task[1]}`);
    } else {
      assert.match(
        command,
        /^(tools\/deno (lint|fmt)$|\.\/scripts\/[a-z]+\.sh$|bash scripts\/[a-z]+\.sh |docker )/,
        `make ${target} runs ${command}`,
      );
    }
  }
});
