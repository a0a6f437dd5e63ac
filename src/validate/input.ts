/**
 * What `validate` reads: schema files, and payloads as a stream of chunks (files and standard
 * input) or as text (inline JSON). The I/O half of src/validate/payload_stream.ts.
 */
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";

/** What validate needs of the outside world (the CLI's io satisfies it). */
export interface ValidateIo {
  /** Reports. */
  stdout(text: string): void;
  /** --verbose notes. */
  stderr(text: string): void;
  /** Standard input, for `-`: a stream, or its whole contents. */
  readStdin(): ReadableStream<Uint8Array> | Promise<Uint8Array>;
  /** Relative paths are resolved against it. */
  readonly cwd: string;
}

export type PayloadSource =
  | { readonly label: string; readonly from: "stdin" }
  | { readonly label: string; readonly from: "file"; readonly path: string }
  | { readonly label: string; readonly from: "inline"; readonly text: string };

/** A payload's bytes as they are read; disposing lets go of the file or stream. */
export interface PayloadInput extends AsyncDisposable {
  readonly chunks: AsyncIterable<Uint8Array>;
}

export async function statOf(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch {
    return undefined;
  }
}

function cannotRead(what: string, error: unknown): UsageError {
  const reason = error instanceof Deno.errors.NotFound
    ? "no such file"
    : error instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : error instanceof Error
    ? error.message
    : String(error);
  return new UsageError(`cannot read ${what}: ${reason}`);
}

/** The whole of a small file (a schema). */
export async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    throw cannotRead(what, error);
  }
}

/** Files, `-` and inline JSON arguments, in order; throws UsageError for anything else. */
export async function resolvePayloads(
  io: ValidateIo,
  args: readonly string[],
): Promise<PayloadSource[]> {
  const inlineCount = args.filter((a) => /^\s*[[{]/.test(a)).length;
  let inlineSeen = 0;
  let stdinSeen = false;
  const sources: PayloadSource[] = [];
  for (const arg of args) {
    if (arg === "-") {
      if (stdinSeen) throw new UsageError("- (standard input) can be given only once");
      stdinSeen = true;
      sources.push({ label: "<stdin>", from: "stdin" });
      continue;
    }
    const path = resolve(io.cwd, arg);
    const info = await statOf(path);
    if (info?.isDirectory) throw new UsageError(`payload ${arg} is a directory, not a file`);
    if (info !== undefined) {
      sources.push({ label: arg, from: "file", path });
    } else if (/^\s*[[{]/.test(arg)) {
      inlineSeen++;
      sources.push({
        label: inlineCount > 1 ? `<inline ${inlineSeen}>` : "<inline>",
        from: "inline",
        text: arg,
      });
    } else {
      throw new UsageError(`cannot read payload ${arg}: no such file (and not inline JSON)`);
    }
  }
  return sources;
}

/** The file's bytes, each chunk in the same buffer (streamPayload copies what it keeps). */
async function* fileChunks(file: Deno.FsFile, chunkSize: number, what: string) {
  const buffer = new Uint8Array(chunkSize);
  for (;;) {
    let read: number | null;
    try {
      read = await file.read(buffer);
    } catch (error) {
      throw cannotRead(what, error);
    }
    if (read === null) return;
    yield buffer.subarray(0, read);
  }
}

async function* readerChunks(reader: ReadableStreamDefaultReader<Uint8Array>) {
  for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
}

/** Opens a file or standard input for reading `chunkSize` bytes at a time. */
export async function openPayload(
  io: ValidateIo,
  source: Exclude<PayloadSource, { from: "inline" }>,
  chunkSize: number,
): Promise<PayloadInput> {
  if (source.from === "file") {
    const what = `payload ${source.label}`;
    let file: Deno.FsFile;
    try {
      file = await Deno.open(source.path, { read: true });
    } catch (error) {
      throw cannotRead(what, error);
    }
    return {
      chunks: fileChunks(file, chunkSize, what),
      [Symbol.asyncDispose]: () => Promise.resolve(file.close()),
    };
  }
  const stdin = io.readStdin();
  if (stdin instanceof ReadableStream) {
    const reader = stdin.getReader();
    return {
      chunks: readerChunks(reader),
      // Stops reading when validation ended early (an oversized record); a no-op at the end.
      [Symbol.asyncDispose]: () => reader.cancel().catch(() => {}),
    };
  }
  return {
    chunks: (async function* () {
      yield await stdin;
    })(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
}
