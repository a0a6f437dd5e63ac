/**
 * "Can a client talk to this broker yet?" answered with one raw Kafka ApiVersions (v0) request
 * over TCP. A broker answers it only once it processes requests, which a plain TCP connect does
 * not prove (the listening socket accepts connections earlier). No Kafka client library needed.
 */

import { exchange } from "./wire.ts";

const API_VERSIONS = 18;
const CLIENT_ID = new TextEncoder().encode("telemetra-probe");

/** The request bytes: size, api key, api version 0, correlation id, client id; empty body. */
export function apiVersionsRequest(correlationId: number): Uint8Array {
  const bytes = new Uint8Array(4 + 2 + 2 + 4 + 2 + CLIENT_ID.length);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, bytes.length - 4);
  view.setInt16(4, API_VERSIONS);
  view.setInt16(6, 0);
  view.setInt32(8, correlationId);
  view.setInt16(12, CLIENT_ID.length);
  bytes.set(CLIENT_ID, 14);
  return bytes;
}

/** Whether a response frame (after its size prefix) answers `correlationId` without error. */
export function isApiVersionsSuccess(frame: Uint8Array, correlationId: number): boolean {
  if (frame.length < 6) return false;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return view.getInt32(0) === correlationId && view.getInt16(4) === 0;
}

/** True when `host:port` answers ApiVersions successfully within `timeoutMs`. Never throws. */
export async function answersApiVersions(
  host: string,
  port: number,
  timeoutMs = 2000,
): Promise<boolean> {
  const correlationId = 7;
  const frame = await exchange(host, port, apiVersionsRequest(correlationId), timeoutMs);
  return frame !== undefined && isApiVersionsSuccess(frame, correlationId);
}
