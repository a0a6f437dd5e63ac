/**
 * Obtains the Deno 2.7.11 runtime (`denort`) that `deno compile` embeds, for build agents that
 * reach an npm registry but not Deno's download host. No npm package ships `denort`, but the
 * npm package `@stdy/cli-linux-x64@0.22.2` is a binary compiled with Deno 2.7.11: its runtime
 * part is cut out, checked against a known SHA-256 (refused on any mismatch) and cached.
 *
 *   deno run -A tools/denort.ts [--tarball FILE] [--cache-dir DIR]
 *
 * Prints the runtime's path on stdout, for `DENORT_BIN=$(...) deno compile ...`.
 * The registry is NPM_CONFIG_REGISTRY when set (a mirror), else registry.npmjs.org.
 * `--tarball` takes an already downloaded `npm pack @stdy/cli-linux-x64@0.22.2` file instead.
 */
import { sha256Hex, stripCompiledPayload } from "./compile/denort_payload.ts";
import { findTarEntry } from "./compile/tar.ts";

export const DENO_VERSION = "2.7.11";
const PACKAGE = { scope: "@stdy", name: "cli-linux-x64", version: "0.22.2" } as const;
const PACKAGE_ENTRY = "package/bin/steady";
/** npm's published `dist.integrity` of the tarball. */
const PACKAGE_SHA512 =
  "kp5QdG26EC8gEzVXI0YgzmiiFHz7DFCNRLNfAWa2rDPHr/jUBnfkP8AlbTPmv0YNQpnKn1wzSWHFw88fn/OTog==";
const RUNTIME_SHA256 = "f12d5d3886d5ea138304fb8d67d7396cfbedf53656676132152cb89f3fa4d8e6";
const RUNTIME_FILE = `denort-${DENO_VERSION}-x86_64-unknown-linux-gnu`;

/** A refusal or failure worth one line to the user. */
export class DenortError extends Error {}

export interface ExpectedDigests {
  /** npm's `dist.integrity` of the tarball, base64 without the `sha512-` prefix. */
  readonly tarballSha512: string;
  readonly runtimeSha256: string;
}

const EXPECTED: ExpectedDigests = { tarballSha512: PACKAGE_SHA512, runtimeSha256: RUNTIME_SHA256 };

function tarballUrl(env: { get(name: string): string | undefined }): string {
  const registry = env.get("NPM_CONFIG_REGISTRY") ?? env.get("npm_config_registry") ??
    "https://registry.npmjs.org/";
  const base = registry.endsWith("/") ? registry : `${registry}/`;
  return `${base}${PACKAGE.scope}/${PACKAGE.name}/-/${PACKAGE.name}-${PACKAGE.version}.tgz`;
}

export async function sha512Base64(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-512", bytes as BufferSource));
  return btoa(String.fromCharCode(...digest));
}

async function download(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(300_000) });
  } catch (error) {
    throw new DenortError(`cannot download ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DenortError(`cannot download ${url}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(
    new DecompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The verified runtime from a package tarball; throws DenortError when anything is off. */
export async function runtimeFromTarball(
  tgz: Uint8Array,
  expected: ExpectedDigests = EXPECTED,
): Promise<Uint8Array> {
  const integrity = await sha512Base64(tgz);
  if (integrity !== expected.tarballSha512) {
    throw new DenortError(
      `${PACKAGE.scope}/${PACKAGE.name}@${PACKAGE.version} tarball has sha512 ${integrity}, ` +
        `expected ${expected.tarballSha512}; refusing to use it`,
    );
  }
  const binary = findTarEntry(await gunzip(tgz), PACKAGE_ENTRY);
  if (!binary) throw new DenortError(`${PACKAGE_ENTRY} is missing from the package tarball`);
  const runtime = stripCompiledPayload(binary);
  const digest = await sha256Hex(runtime);
  if (digest !== expected.runtimeSha256) {
    throw new DenortError(
      `runtime has sha256 ${digest}, expected ${expected.runtimeSha256}; refusing to use it`,
    );
  }
  return runtime;
}

async function cachedRuntimeIsValid(path: string): Promise<boolean> {
  try {
    return await sha256Hex(await Deno.readFile(path)) === RUNTIME_SHA256;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

function parseArgs(args: string[]): { tarball?: string; cacheDir: string } {
  let tarball: string | undefined;
  let cacheDir = new URL("../.cache/denort/", import.meta.url).pathname;
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if ((args[i] === "--tarball" || args[i] === "--cache-dir") && value === undefined) {
      throw new DenortError(`${args[i]} needs a value`);
    }
    if (args[i] === "--tarball") tarball = args[++i];
    else if (args[i] === "--cache-dir") cacheDir = args[++i];
    else {throw new DenortError(
        `unknown argument "${args[i]}" (use --tarball FILE, --cache-dir DIR)`,
      );}
  }
  return { tarball, cacheDir };
}

/** Ensures the verified runtime is in the cache and returns its path. */
export async function obtainDenort(args: string[]): Promise<string> {
  const { tarball, cacheDir } = parseArgs(args);
  const target = `${cacheDir.replace(/\/$/, "")}/${RUNTIME_FILE}`;
  if (await cachedRuntimeIsValid(target)) return target;

  const source = tarball ?? tarballUrl(Deno.env);
  // deno-lint-ignore no-console
  console.error(`Obtaining the Deno ${DENO_VERSION} runtime from ${source}`);
  const tgz = tarball ? await Deno.readFile(tarball) : await download(source);
  const runtime = await runtimeFromTarball(tgz);

  await Deno.mkdir(cacheDir, { recursive: true });
  const partial = `${target}.partial-${Deno.pid}`;
  await Deno.writeFile(partial, runtime, { mode: 0o755 });
  await Deno.rename(partial, target);
  return target;
}

if (import.meta.main) {
  try {
    // deno-lint-ignore no-console
    console.log(await obtainDenort(Deno.args));
  } catch (error) {
    const message = error instanceof DenortError || error instanceof RangeError
      ? error.message
      : String(error);
    // deno-lint-ignore no-console
    console.error(`error: ${message}`);
    Deno.exitCode = 1;
  }
}
