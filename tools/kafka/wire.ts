/**
 * One raw Kafka request/response over TCP, for the readiness probes: no Kafka client library.
 * Frames are size-prefixed (int32, big-endian); the response frame is returned without it.
 */

/**
 * Sends `request` (a whole frame, size included) to `host:port` and returns the response frame
 * after its size prefix, or undefined when the connection fails, closes or `timeoutMs` passes.
 * Never throws.
 */
export async function exchange(
  host: string,
  port: number,
  request: Uint8Array,
  timeoutMs: number,
): Promise<Uint8Array | undefined> {
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ hostname: host, port });
  } catch {
    return undefined;
  }
  const timer = setTimeout(() => conn.close(), timeoutMs);
  try {
    await writeAll(conn, request);
    const size = await readExactly(conn, 4);
    const length = new DataView(size.buffer).getInt32(0);
    if (length < 4 || length > 10_000_000) return undefined;
    return await readExactly(conn, length);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // already closed by the timeout
    }
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await conn.write(bytes.subarray(written));
}

async function readExactly(conn: Deno.Conn, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const n = await conn.read(out.subarray(filled));
    if (n === null) throw new Error("connection closed");
    filled += n;
  }
  return out;
}
