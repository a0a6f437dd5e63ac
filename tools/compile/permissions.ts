/**
 * The permissions baked into the compiled binary, and nothing more:
 * - net, all hosts: brokers and the metrics/health port are user-configured;
 * - read, all paths: payload, .env, schema, CA and certificate files are user-named;
 * - write, all paths: only the truth directory the user names with --truth is ever written;
 * - env, only the variables the program and its dependencies read (src/config/env_vars.ts);
 * - no subprocess, no FFI, no sys, no remote imports;
 * - never a permission prompt, even on a terminal: a denied operation fails at once.
 * Prints every `deno compile` flag, one per line, for tools/compile.sh.
 */
import { ENV_VARS } from "../../src/config/env_vars.ts";
import { v8FlagsArgument } from "./v8_flags.ts";

/** The module of produce's workers, relative to the project root (where compiling runs). */
export const WORKER_MODULE = "src/produce/workers/worker.ts";

export function permissionFlags(envVars: readonly string[] = ENV_VARS): string[] {
  const names = [...new Set(envVars)];
  const bad = names.find((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
  if (bad !== undefined) throw new RangeError(`not an environment variable name: "${bad}"`);
  return [
    "--allow-net",
    "--allow-read",
    "--allow-write",
    `--allow-env=${names.join(",")}`,
    "--deny-import",
    "--no-prompt",
  ];
}

/**
 * All flags of the build: a frozen lockfile, only the npm packages main.ts imports, no V8
 * code-cache file at run time, the memory limits of v8_flags.ts, the workers' module, permissions.
 *
 * Without --unstable-npm-lazy-caching, deno compile (2.7) embeds every npm package of the
 * lockfile, so the test-only fast-check (1.5 MB) rode along; with it, only the packages reachable
 * from main.ts's module graph are embedded. main.ts imports no npm package dynamically.
 */
export function compileFlags(envVars: readonly string[] = ENV_VARS): string[] {
  return [
    "--frozen",
    "--unstable-npm-lazy-caching",
    "--no-code-cache",
    v8FlagsArgument(),
    // `produce --workers N` starts this module in each worker: deno compile embeds only what
    // main.ts imports, and a Worker's module is not imported.
    `--include=${WORKER_MODULE}`,
    ...permissionFlags(envVars),
  ];
}

if (import.meta.main) {
  // deno-lint-ignore no-console
  console.log(compileFlags().join("\n"));
}
