import assert from "node:assert/strict";
import { compileWithProductFlags } from "./compiled.ts";

const PROBE = new URL("./fixtures/capability_probe.ts", import.meta.url).pathname;

Deno.test("the product's compile flags deny run, ffi, sys and unlisted env", async (t) => {
  await using probe = await compileWithProductFlags(PROBE, "capability-probe");

  await t.step("a denied capability gives one error line and exit 1, not a crash", async () => {
    const expected: Record<string, string> = {
      env: 'error: Requires env access to "HOME"',
      run: 'error: Requires run access to "/bin/true"',
      ffi: 'error: Requires ffi access to "libc.so.6"',
      sys: 'error: Requires sys access to "hostname"',
    };
    for (const [capability, start] of Object.entries(expected)) {
      const result = await probe.run([capability], { env: { HOME: "/root" } });
      assert.equal(result.code, 1, capability);
      assert.equal(result.stdout, "", capability);
      const lines = result.stderr.split("\n");
      assert.equal(lines.length, 2, `${capability}: ${result.stderr}`);
      assert.equal(lines[1], "");
      assert.ok(lines[0]!.startsWith(start), `${capability}: ${lines[0]}`);
    }
    assert.deepEqual([...Deno.readDirSync(probe.dir)].map((entry) => entry.name), [
      "capability-probe",
    ]);
  });

  await t.step("on a terminal it still fails at once instead of prompting", async () => {
    // `script` gives the probe a pseudo-terminal; a permission prompt would wait for an answer.
    const { code, stdout } = await new Deno.Command("timeout", {
      args: ["20", "script", "-qec", `${probe.path} run`, "/dev/null"],
      cwd: probe.dir,
      stdin: "null",
      stdout: "piped",
    }).output();
    const output = new TextDecoder().decode(stdout);
    assert.equal(code, 1, output);
    assert.match(output, /^error: Requires run access to "\/bin\/true"/);
    assert.doesNotMatch(output, /Allow\?/);
  });

  await t.step("a user-named file can be written (the --truth directory)", async () => {
    const result = await probe.run(["write"]);
    assert.deepEqual(result, { code: 0, stdout: "allowed null\n", stderr: "" });
    assert.equal(Deno.readTextFileSync(`${probe.dir}/written-by-probe.txt`), "x");
  });

  await t.step("a listed env variable is readable", async () => {
    const result = await probe.run(["allowed-env"], { env: { RATE_PER_SEC: "25" } });
    assert.deepEqual(result, { code: 0, stdout: 'allowed "25"\n', stderr: "" });
  });
});
