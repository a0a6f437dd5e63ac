/**
 * Producer health for `/healthz`: healthy while connected to Kafka and delivering. A tiny state
 * object the produce loop updates, a pure verdict over it, and a small HTTP server around it
 * (the Docker HEALTHCHECK probes it with `telemetra-mock health`, whose client, probeHealth, is
 * here too). Metrics can join the server through `routes`.
 */
import { getLogger } from "@logtape/logtape";
import { HEALTH_PATH, type HealthProbe } from "./config/health.ts";
import { CliError, ExitCode } from "./errors.ts";

export { DEFAULT_METRICS_PORT, HEALTH_PATH } from "./config/health.ts";

const log = getLogger(["telemetra", "health"]);

/** Healthy only if the last delivery is at most this old (while events wait for Kafka). */
export const DEFAULT_MAX_SILENCE_MS = 30_000;

export interface HealthSnapshot {
  readonly connected: boolean;
  /** Epoch ms of the last acknowledged delivery, if any. */
  readonly lastDeliveredMs: number | undefined;
  /**
   * Events handed to Kafka and not yet acknowledged or failed, when known. With none waiting, a
   * long silence is no fault: a slow rate, or a realistic world whose channels are all offline.
   */
  readonly waiting?: number | undefined;
}

/** Mutable health of one producer; the produce loop owns it and marks what happens. */
export interface HealthState {
  /** The producer is connected to the cluster. */
  markConnected(): void;
  /** Kafka acknowledged a delivery at `nowMs` (epoch ms). */
  markDelivered(nowMs: number): void;
  /** The producer lost its connection, or is shutting down. */
  markDisconnected(): void;
  snapshot(): HealthSnapshot;
}

export function createHealthState(waiting?: () => number): HealthState {
  let connected = false;
  let lastDeliveredMs: number | undefined;
  return {
    markConnected: () => {
      connected = true;
    },
    markDelivered: (nowMs) => {
      connected = true;
      lastDeliveredMs = Math.max(lastDeliveredMs ?? nowMs, nowMs);
    },
    markDisconnected: () => {
      connected = false;
    },
    snapshot: () => ({ connected, lastDeliveredMs, waiting: waiting?.() }),
  };
}

export interface HealthVerdict {
  readonly healthy: boolean;
  /** `ok`, `not connected to Kafka`, `no delivery yet` or `no delivery for 42.0 s`. */
  readonly reason: string;
  readonly connected: boolean;
  /** Seconds since the last delivery (null before the first). */
  readonly secondsSinceDelivery: number | null;
}

/** Pure: is a producer in this state healthy at `nowMs`? */
export function judgeHealth(
  snapshot: HealthSnapshot,
  nowMs: number,
  maxSilenceMs: number = DEFAULT_MAX_SILENCE_MS,
): HealthVerdict {
  const { connected, lastDeliveredMs, waiting } = snapshot;
  const secondsSinceDelivery = lastDeliveredMs === undefined
    ? null
    : Math.max(0, nowMs - lastDeliveredMs) / 1000;
  let reason = "ok";
  if (!connected) reason = "not connected to Kafka";
  else if (waiting === 0) reason = "ok";
  else if (secondsSinceDelivery === null) reason = "no delivery yet";
  else if (secondsSinceDelivery * 1000 > maxSilenceMs) {
    reason = `no delivery for ${secondsSinceDelivery.toFixed(1)} s`;
  }
  return { healthy: reason === "ok", reason, connected, secondsSinceDelivery };
}

/** The `/healthz` response: 200 or 503 with the verdict as JSON. */
export function healthResponse(verdict: HealthVerdict): Response {
  const body = {
    status: verdict.healthy ? "ok" : "unhealthy",
    reason: verdict.reason,
    connected: verdict.connected,
    seconds_since_delivery: verdict.secondsSinceDelivery === null
      ? null
      : Math.round(verdict.secondsSinceDelivery * 1000) / 1000,
  };
  return new Response(`${JSON.stringify(body)}\n`, {
    status: verdict.healthy ? 200 : 503,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

export interface HealthServerOptions {
  readonly state: HealthState;
  /** 0 picks a free port. */
  readonly port: number;
  /** Default 0.0.0.0, so a scraper outside the container can reach it. */
  readonly hostname?: string;
  readonly maxSilenceMs?: number;
  /** Epoch ms; injected by tests. */
  readonly now?: () => number;
  /** Extra routes (e.g. `/metrics`): a Response, or undefined to fall through to 404. */
  readonly routes?: (request: Request) => Response | Promise<Response> | undefined;
}

export interface HealthServer extends AsyncDisposable {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** `http://127.0.0.1:PORT/healthz`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `/healthz` (GET and HEAD) until closed; throws a CliError if the port is busy. */
export function serveHealth(options: HealthServerOptions): HealthServer {
  const { state, port, hostname = "0.0.0.0", maxSilenceMs, routes } = options;
  const now = options.now ?? Date.now;
  const handler = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === HEALTH_PATH && (request.method === "GET" || request.method === "HEAD")) {
      return healthResponse(judgeHealth(state.snapshot(), now(), maxSilenceMs));
    }
    return (await routes?.(request)) ?? new Response("not found\n", { status: 404 });
  };
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({ port, hostname, onListen: () => {} }, handler);
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new CliError(
        `cannot serve ${HEALTH_PATH} on port ${port}: the port is already in use`,
        ExitCode.Failure,
      );
    }
    throw error;
  }
  const bound = server.addr.port;
  log.info("Serving {path} on {hostname}:{port}", { path: HEALTH_PATH, hostname, port: bound });
  let closed: Promise<void> | undefined;
  const close = () => closed ??= server.shutdown();
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}${HEALTH_PATH}`,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return "timed out";
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  if (/connection refused/i.test(message)) return "connection refused";
  if (/dns error|failed to lookup|name or service not known/i.test(message)) {
    return "host not found";
  }
  return message.replace(/^error sending request for url \([^)]*\): /, "");
}

/** GETs the URL; resolves to the HTTP status and the body's first line. */
export async function probeHealth(probe: HealthProbe): Promise<{ status: number; body: string }> {
  let response: Response;
  try {
    response = await fetch(probe.url, { signal: AbortSignal.timeout(probe.timeoutMs) });
  } catch (error) {
    throw new CliError(`cannot reach ${probe.url} (${reasonOf(error)})`, ExitCode.Failure);
  }
  const body = (await response.text()).split("\n")[0]!;
  return { status: response.status, body };
}
