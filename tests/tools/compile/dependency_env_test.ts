/**
 * The binary may read only the environment variables it was compiled with. A dependency that
 * reads another one (even on a rare path) would fail there with a permission error, so every
 * `process.env.NAME` in the locked npm packages must be in src/config/env_vars.ts. And the
 * binary embeds the npm packages main.ts imports, never a test-only one.
 */
import assert from "node:assert/strict";
import { ENV_VARS } from "../../../src/config/env_vars.ts";
import { compileFlags } from "../../../tools/compile/permissions.ts";
import { obtainDenort } from "../../../tools/denort.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;

/** Packages only tests use: never in the binary. */
const TEST_ONLY: ReadonlySet<string> = new Set(["fast-check"]);
/** Variables Deno lets any program read without env permission. */
const ALWAYS_READABLE = new Set(["FORCE_COLOR"]);

async function denoDir(): Promise<string> {
  const { stdout } = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
  return JSON.parse(new TextDecoder().decode(stdout)).denoDir;
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (/\.(c|m)?js$/.test(entry.name)) yield path;
  }
}

Deno.test("every env variable the bundled npm packages read is in ENV_VARS", async () => {
  const root = `${await denoDir()}/npm/registry.npmjs.org`;
  const lock = JSON.parse(await Deno.readTextFile(new URL("../../../deno.lock", import.meta.url)));
  const readBy = new Map<string, string>();
  for (const key of Object.keys(lock.npm as Record<string, unknown>)) {
    const [, name, version] = /^(@?[^@]+)@([^_]+)/.exec(key)!;
    if (TEST_ONLY.has(name!)) continue;
    for await (const file of sourceFiles(`${root}/${name}/${version}`)) {
      const text = await Deno.readTextFile(file);
      for (const match of text.matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
        readBy.set(match[1]!, `${name}@${version}`);
      }
    }
  }
  assert.ok(readBy.has("KAFKAJS_LOG_LEVEL"), "the scan found kafkajs' variables");
  const allowed = new Set(ENV_VARS);
  const missing = [...readBy].filter(([name]) => !allowed.has(name) && !ALWAYS_READABLE.has(name))
    .map(([name, pkg]) => `${name} (${pkg})`);
  assert.deepEqual(missing, []);
});

/** Package names in the "Embedded Files" tree deno compile prints, e.g. `kafkajs/2.2.4/*`. */
function embeddedPackages(listing: string): Set<string> {
  const names = new Set<string>();
  for (const match of listing.matchAll(/── ((?:@[^/\s]+\/)?[^/\s]+)\/(?:[^/\s]+\/)?\* \(/g)) {
    names.add(match[1]!);
  }
  return names;
}

Deno.test("compileFlags() build embeds the runtime npm packages and no test-only one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "telemetra-build-" });
  try {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["compile", ...compileFlags(), "--output", `${dir}/telemetra-mock`, "main.ts"],
      cwd: ROOT,
      env: { DENORT_BIN: await obtainDenort([]), NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const listing = new TextDecoder().decode(stderr);
    assert.equal(code, 0, listing);
    const packages = embeddedPackages(listing);
    for (const used of ["kafkajs", "ajv", "commander", "pure-rand", "@logtape/logtape"]) {
      assert.ok(packages.has(used), `${used} embedded; listing:\n${listing}`);
    }
    assert.deepEqual([...TEST_ONLY].filter((name) => packages.has(name)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
