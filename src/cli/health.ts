/**
 * `telemetra-mock health`: probes a producer's `/healthz` and exits 0 when it answers 200, 1
 * otherwise. The container's HEALTHCHECK runs it, because the runtime image has no curl.
 */
import { Command } from "commander";
import { setting, type Sources } from "../config/sources.ts";
import { parseDuration, parseInteger } from "../config/values.ts";
import { CliError, ExitCode, UsageError } from "../errors.ts";
import { DEFAULT_METRICS_PORT, HEALTH_PATH } from "../health.ts";
import type { CliIo } from "./io.ts";

export interface HealthProbe {
  readonly url: string;
  readonly timeoutMs: number;
}

/** Pure: the URL and timeout from flags and environment. */
export function resolveHealthProbe(sources: Sources): HealthProbe {
  const timeoutMs = setting(
    sources,
    { key: "timeout", name: "--timeout" },
    undefined,
    parseDuration,
    3000,
  );
  if (timeoutMs <= 0) throw new UsageError("--timeout must be longer than 0");
  const rawUrl = sources.flags["url"];
  if (typeof rawUrl === "string") {
    if (!URL.canParse(rawUrl) || !/^https?:$/.test(new URL(rawUrl).protocol)) {
      throw new UsageError(
        `--url must be an http:// or https:// URL, got ${JSON.stringify(rawUrl)}`,
      );
    }
    return { url: rawUrl, timeoutMs };
  }
  const port = setting(
    sources,
    { key: "port", name: "--port" },
    "METRICS_PORT",
    (raw, label) => parseInteger(raw, label, 1, 65535),
    DEFAULT_METRICS_PORT,
  );
  return { url: `http://127.0.0.1:${port}${HEALTH_PATH}`, timeoutMs };
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

export function healthCommand(io: CliIo): Command {
  return new Command("health")
    .summary("probe a running producer's /healthz: exit 0 when healthy, 1 otherwise")
    .description(
      "Probe a running producer's /healthz (served with --metrics-port): exit 0 when it is " +
        "connected to Kafka and delivered recently, 1 otherwise. The container HEALTHCHECK runs it.",
    )
    .option("--url <url>", "the endpoint to probe (default http://127.0.0.1:PORT/healthz)")
    .option(
      "--port <n>",
      `port on 127.0.0.1 to probe (env METRICS_PORT, default ${DEFAULT_METRICS_PORT})`,
    )
    .option("--timeout <duration>", "give up after this long (default 3s)")
    .option("-q, --quiet", "print nothing; only set the exit code")
    .addHelpText(
      "after",
      `
Prints the endpoint's JSON verdict, e.g. {"status":"ok","reason":"ok","connected":true,...}.

Examples:
  telemetra-mock health
  telemetra-mock health --port 9464
  telemetra-mock health --url http://producer:9464/healthz --timeout 2s`,
    )
    .action(async (flags: Record<string, unknown>) => {
      const probe = resolveHealthProbe({ flags, env: io.env, dotenv: {} });
      const { status, body } = await probeHealth(probe);
      const healthy = status === 200;
      if (!flags["quiet"]) {
        if (healthy) io.stdout(`${body}\n`);
        else io.stderr(`unhealthy: HTTP ${status} from ${probe.url}: ${body}\n`);
      }
      io.setExitCode(healthy ? ExitCode.Ok : ExitCode.Failure);
    });
}
