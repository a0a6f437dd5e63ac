import assert from "node:assert/strict";
import { ENV_VARS } from "../../../src/config/env_vars.ts";
import { compileFlags, permissionFlags } from "../../../tools/compile/permissions.ts";

Deno.test("permissionFlags() grants net, read, write and exactly the listed env variables", () => {
  assert.deepEqual(permissionFlags(["RATE_PER_SEC", "NODE_ENV", "RATE_PER_SEC"]), [
    "--allow-net",
    "--allow-read",
    "--allow-write",
    "--allow-env=RATE_PER_SEC,NODE_ENV",
    "--deny-import",
    "--no-prompt",
  ]);
});

Deno.test("permissionFlags() takes its env list from src/config/env_vars.ts", () => {
  const env = permissionFlags().find((flag) => flag.startsWith("--allow-env="));
  assert.deepEqual(env?.slice("--allow-env=".length).split(","), [...new Set(ENV_VARS)]);
});

Deno.test("permissionFlags() refuses a name that would widen or break the flag", () => {
  assert.throws(() => permissionFlags(["A,B"]), {
    message: 'not an environment variable name: "A,B"',
  });
  assert.throws(() => permissionFlags([""]), { message: 'not an environment variable name: ""' });
});

Deno.test("compileFlags() freezes the lockfile, embeds only used npm packages, caps the heap", () => {
  assert.deepEqual(compileFlags(["SEED"]), [
    "--frozen",
    "--unstable-npm-lazy-caching",
    "--no-code-cache",
    "--v8-flags=--max-old-space-size=112,--max-semi-space-size=4,--no-incremental-marking",
    "--include=src/produce/workers/worker.ts",
    "--allow-net",
    "--allow-read",
    "--allow-write",
    "--allow-env=SEED",
    "--deny-import",
    "--no-prompt",
  ]);
});
