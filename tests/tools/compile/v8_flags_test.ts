import assert from "node:assert/strict";
import { V8_FLAGS, v8FlagsArgument } from "../../../tools/compile/v8_flags.ts";

Deno.test("v8FlagsArgument() joins the flags the way deno run and deno compile take them", () => {
  assert.equal(v8FlagsArgument(["--a=1", "--b=2"]), "--v8-flags=--a=1,--b=2");
  assert.ok(V8_FLAGS.some((flag) => flag.startsWith("--max-old-space-size=")));
});

Deno.test("every deno task that runs main.ts runs it with the binary's V8 flags", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)),
  ) as { tasks: Record<string, string> };
  const runsMain = Object.entries(config.tasks).filter(([, command]) =>
    /^deno run .* main\.ts( |$)/.test(command)
  );
  assert.deepEqual(runsMain.map(([name]) => name).sort(), [
    "consume",
    "produce",
    "run",
    "validate",
    "verify",
  ]);
  for (const [name, command] of runsMain) {
    assert.ok(
      command.split(" ").includes(v8FlagsArgument()),
      `task ${name} lacks ${v8FlagsArgument()}: ${command}`,
    );
  }
});
