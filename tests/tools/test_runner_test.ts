/** tools/test.ts end to end on a fixture with one passing and one failing test. */
import assert from "node:assert/strict";
import { repoRoot } from "../../tools/kafka/jars.ts";
import { javaProcessesMentioning } from "../../tools/kafka/processes.ts";

Deno.test("tools/test.ts runs tests against its broker, keeps the log on failure and ends with 'N passed, N failed'", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tools/test.ts", "tests/fixtures/test_runner/one_fails.fixture.ts"],
    cwd: repoRoot,
    stdin: "null",
  }).output();
  const out = new TextDecoder().decode(stdout);
  const err = new TextDecoder().decode(stderr);

  assert.equal(code, 1, err);
  assert.equal(out.trimEnd().split("\n").at(-1), "1 passed, 1 failed");
  const kept = err.match(/^the test broker's log is kept: (.+\/broker\.log)$/m);
  assert.ok(kept, err);
  const dataDir = kept[1].replace(/\/broker\.log$/, "");
  assert.match(await Deno.readTextFile(kept[1]), /Kafka Server started/);
  assert.deepEqual(javaProcessesMentioning(dataDir), []);
  await Deno.remove(dataDir, { recursive: true });
});
