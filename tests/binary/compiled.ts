/**
 * Black-box helpers for the compiled binary: build it with the real `deno task compile` script,
 * copy it alone into an empty directory, and run it there with a clean environment (`env -i`).
 */
const ROOT = new URL("../../", import.meta.url).pathname;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface LoneBinary extends AsyncDisposable {
  /** The empty directory holding only the binary (and what a test writes there). */
  readonly dir: string;
  readonly path: string;
  /** Runs it in `dir` with exactly `env` as its environment. */
  run(args: readonly string[], options?: { env?: Record<string, string>; stdin?: string }): Promise<
    RunResult
  >;
}

async function check(command: Deno.Command, what: string): Promise<void> {
  const { code, stderr } = await command.output();
  if (code !== 0) throw new Error(`${what} failed (${code}):\n${new TextDecoder().decode(stderr)}`);
}

/** Copies `built` alone into a fresh empty directory. */
export async function loneCopy(built: string, name: string): Promise<LoneBinary> {
  const dir = await Deno.makeTempDir({ prefix: "telemetra-binary-" });
  const path = `${dir}/${name}`;
  await Deno.copyFile(built, path);
  await Deno.chmod(path, 0o755);
  return {
    dir,
    path,
    run: async (args, options = {}) => {
      const child = new Deno.Command(path, {
        args: [...args],
        cwd: dir,
        clearEnv: true,
        env: options.env ?? {},
        stdin: options.stdin === undefined ? "null" : "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      if (options.stdin !== undefined) {
        const writer = child.stdin.getWriter();
        await writer.write(new TextEncoder().encode(options.stdin));
        await writer.close();
      }
      const { code, stdout, stderr } = await child.output();
      const decoder = new TextDecoder();
      return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** `tools/compile.sh` into a temp directory, then the binary alone in another one. */
export async function compileTelemetraMock(): Promise<LoneBinary> {
  const buildDir = await Deno.makeTempDir({ prefix: "telemetra-build-" });
  try {
    await check(
      new Deno.Command("bash", {
        args: [`${ROOT}tools/compile.sh`, "--output", `${buildDir}/telemetra-mock`],
        cwd: ROOT,
        stdout: "null",
        stderr: "piped",
      }),
      "tools/compile.sh",
    );
    return await loneCopy(`${buildDir}/telemetra-mock`, "telemetra-mock");
  } finally {
    await Deno.remove(buildDir, { recursive: true });
  }
}

/** `deno compile` of `entry` with exactly the flags the product binary gets. */
export async function compileWithProductFlags(entry: string, name: string): Promise<LoneBinary> {
  const { compileFlags } = await import("../../tools/compile/permissions.ts");
  const { obtainDenort } = await import("../../tools/denort.ts");
  const buildDir = await Deno.makeTempDir({ prefix: "telemetra-build-" });
  try {
    await check(
      new Deno.Command(Deno.execPath(), {
        args: ["compile", "--quiet", ...compileFlags(), "--output", `${buildDir}/${name}`, entry],
        cwd: ROOT,
        env: { DENORT_BIN: await obtainDenort([]) },
        stdout: "null",
        stderr: "piped",
      }),
      `deno compile ${entry}`,
    );
    return await loneCopy(`${buildDir}/${name}`, name);
  } finally {
    await Deno.remove(buildDir, { recursive: true });
  }
}
