/**
 * The commands the guides ask people to type name things that exist: telemetra-mock's flags (of
 * the subcommand they follow), make targets, deno tasks, environment variables and the compose
 * services of docker-compose.snippet.yml. The commands themselves are run by hand and, where they
 * need a broker or an image, by the suites that cover the same calls.
 */
import assert from "node:assert/strict";
import type { Command } from "commander";
import { buildProgram } from "../src/cli/program.ts";
import type { CliIo } from "../src/cli/io.ts";
import { TOOL_ENV_VARS } from "../src/config/env_vars.ts";

const ROOT = new URL("../", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, ROOT));
const GUIDES = ["README.md", "docs/quickstart.md"];

/** The shell commands of a guide's ```sh blocks, continuation lines joined, comments dropped. */
function shellCommands(markdown: string): string[] {
  const commands: string[] = [];
  let block: string[] | undefined;
  for (const line of markdown.split("\n")) {
    if (block === undefined) {
      if (line === "```sh") block = [];
      continue;
    }
    if (line.startsWith("```")) {
      commands.push(...block.join("\n").replaceAll(/\\\n\s*/g, " ").split("\n"));
      block = undefined;
      continue;
    }
    block.push(line.replace(/\s+#\s.*$/, ""));
  }
  return commands.filter((command) => command.trim() !== "");
}

function program(): Command {
  const io: CliIo = {
    stdout: () => {},
    stderr: () => {},
    readStdin: () => Promise.resolve(new Uint8Array()),
    setExitCode: () => {},
    cwd: "/",
    env: {},
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    shutdown: new AbortController().signal,
  };
  return buildProgram(io);
}

/** Each subcommand's flags, long and short, as typed (`--no-chat`, `-e`). */
function flagsBySubcommand(): Map<string, Set<string>> {
  const flags = new Map<string, Set<string>>();
  for (const sub of program().commands) {
    const names = new Set(["-h", "--help"]);
    for (const option of sub.options) {
      if (option.long) names.add(option.long);
      if (option.short) names.add(option.short);
    }
    flags.set(sub.name(), names);
  }
  return flags;
}

/**
 * The subcommand and its flags in every call of the tool: `telemetra-mock SUB`,
 * `tools/deno task SUB` and `tools/deno task run SUB`, `make run ARGS="..."` (produce), and the
 * image run by `docker run IMAGE SUB` or `docker compose run SERVICE SUB`.
 */
function toolCalls(command: string): { sub: string; flags: string[] }[] {
  const calls: { sub: string; flags: string[] }[] = [];
  for (const part of command.split(/\s*(?:\||&&|;|&)\s*/)) {
    const words = part.split(/\s+/).filter((word) => word !== "");
    let start = -1;
    let sub: string | undefined;
    const at = (index: number) => words[index] ?? "";
    for (let i = 0; i < words.length && sub === undefined; i++) {
      if (/(^|\/)telemetra-mock$/.test(at(i)) && i > 0 && /^(docker|podman)$/.test(at(0))) {
        // `docker run … telemetra-mock [SUB]`: the image name; produce when no subcommand follows.
        sub = /^[a-z]+$/.test(at(i + 1)) ? at(i + 1) : "produce";
        start = sub === at(i + 1) ? i + 2 : i + 1;
      } else if (/(^|\/)telemetra-mock$/.test(at(i))) {
        sub = at(i + 1);
        start = i + 2;
      } else if (at(i) === "tools/deno" && at(i + 1) === "task") {
        const task = at(i + 2) === "--quiet" ? i + 3 : i + 2;
        if (at(task) === "run") [sub, start] = [at(task + 1), task + 2];
        else if (["produce", "consume", "validate"].includes(at(task))) {
          [sub, start] = [at(task), task + 1];
        }
      } else if (at(i) === "twitch-producer" && at(0) === "docker" && words.includes("run")) {
        sub = /^[a-z]+$/.test(at(i + 1)) ? at(i + 1) : "produce";
        start = sub === at(i + 1) ? i + 2 : i + 1;
      }
    }
    if (sub === undefined) {
      const makeRun = /^make run ARGS="([^"]*)"/.exec(part.trim());
      if (makeRun) calls.push({ sub: "produce", flags: flagWords(makeRun[1]!.split(/\s+/)) });
      continue;
    }
    calls.push({ sub, flags: flagWords(words.slice(start)) });
  }
  return calls;
}

const flagWords = (words: readonly string[]) =>
  words.filter((word) => /^--?[a-zA-Z]/.test(word)).map((word) => word.replace(/=.*$/, ""));

Deno.test("toolCalls() finds the subcommand and its flags however the tool is called", () => {
  assert.deepEqual(toolCalls("tools/deno task consume -o -100 -e -f value t | jq -c ."), [
    { sub: "consume", flags: ["-o", "-e", "-f"] },
  ]);
  assert.deepEqual(toolCalls('make run ARGS="--metrics-port 9464"'), [
    { sub: "produce", flags: ["--metrics-port"] },
  ]);
  assert.deepEqual(toolCalls("docker run --rm --network n -e A=b telemetra-mock"), [
    { sub: "produce", flags: [] },
  ]);
  assert.deepEqual(
    toolCalls("docker compose -f x.yml run --rm twitch-producer consume t 10 --from-beginning"),
    [{ sub: "consume", flags: ["--from-beginning"] }],
  );
  assert.deepEqual(toolCalls("tools/deno task run health --port 9464"), [
    { sub: "health", flags: ["--port"] },
  ]);
});

Deno.test("the guides call telemetra-mock's subcommands with flags they have", () => {
  const flags = flagsBySubcommand();
  const wrong: string[] = [];
  let calls = 0;
  for (const guide of GUIDES) {
    for (const command of shellCommands(read(guide))) {
      for (const call of toolCalls(command)) {
        calls++;
        const known = flags.get(call.sub);
        if (known === undefined) wrong.push(`${guide}: no subcommand ${call.sub} in: ${command}`);
        for (const flag of call.flags) {
          if (!known?.has(flag)) wrong.push(`${guide}: ${call.sub} has no ${flag}: ${command}`);
        }
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(calls >= 40, `only ${calls} calls found: is the parsing still right?`);
});

Deno.test("the quickstart names only make targets, deno tasks, variables and services that exist", () => {
  const guide = read("docs/quickstart.md");
  const makeTargets = new Set(
    [...read("Makefile").matchAll(/^([a-z][a-z-]*):/gm)].map((match) => match[1]),
  );
  const tasks = new Set(Object.keys(JSON.parse(read("deno.json")).tasks));
  const services = new Set(
    [...read("docker-compose.snippet.yml").matchAll(/^ {2}([a-z][a-z0-9-]*):$/gm)].map((m) => m[1]),
  );
  assert.ok(services.has("twitch-producer") && services.has("kafka"), [...services].join(" "));
  const missing: string[] = [];
  for (const [, target] of guide.matchAll(/\bmake ([a-z][a-z-]*)/g)) {
    if (!makeTargets.has(target!)) missing.push(`make ${target}`);
  }
  for (const [, task] of guide.matchAll(/tools\/deno task (?:--quiet )?([a-z][a-z:-]*)/g)) {
    if (!tasks.has(task!)) missing.push(`deno task ${task}`);
  }
  for (const [, variable] of guide.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`/g)) {
    if (!(TOOL_ENV_VARS as readonly string[]).includes(variable!)) missing.push(variable!);
  }
  for (
    const [, service] of guide.matchAll(
      /docker compose [^\n]*?(?:exec|logs -f|run [^\n]*?) ([a-z][a-z-]+)(?: |$)/gm,
    )
  ) {
    if (!services.has(service!)) missing.push(`service ${service}`);
  }
  assert.deepEqual(missing, []);
});

Deno.test("the README links the quickstart", () => {
  assert.match(read("README.md"), /\]\(docs\/quickstart\.md\)/);
});
