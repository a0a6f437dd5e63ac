/**
 * Just enough of the tar format (ustar + pax path records) to pull one file out of an npm
 * package tarball, so obtaining the runtime needs neither `npm` nor `tar` on the build agent.
 */

const BLOCK = 512;
const decoder = new TextDecoder();

function field(header: Uint8Array, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function octal(header: Uint8Array, start: number, length: number): number {
  const text = field(header, start, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new RangeError(`tar header has a bad size field "${text}"`);
  return parseInt(text, 8);
}

/** The `path` record of a pax extended header, if it has one. */
function paxPath(data: Uint8Array): string | undefined {
  for (const line of decoder.decode(data).split("\n")) {
    const match = /^\d+ path=(.*)$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** The contents of the regular file at `path` in an uncompressed tar archive, if present. */
export function findTarEntry(tar: Uint8Array, path: string): Uint8Array | undefined {
  let offset = 0;
  let nextPath: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return undefined;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156]);
    const dataStart = offset + BLOCK;
    if (dataStart + size > tar.length) throw new RangeError("tar archive is truncated");
    const data = tar.subarray(dataStart, dataStart + size);
    if (type === "x") {
      nextPath = paxPath(data);
    } else {
      const prefix = field(header, 345, 155);
      const name = nextPath ??
        (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
      nextPath = undefined;
      if ((type === "0" || type === "\0") && name === path) return data;
    }
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}
