/**
 * `telemetra-mock health`: probes a producer's `/healthz` and exits 0 when it answers 200, 1
 * otherwise. The container's HEALTHCHECK runs it, because the runtime image has no curl.
 */
import { Command } from "commander";
import { defineSettings, resolveSetting } from "../config/settings.ts";
import type { Sources } from "../config/sources.ts";
import { parseBoolean, parseDuration, parseInteger } from "../config/values.ts";
import { CliError, ExitCode, UsageError } from "../errors.ts";
import { DEFAULT_METRICS_PORT, HEALTH_PATH } from "../health.ts";
import type { CliIo } from "./io.ts";
import { addSettingOptions } from "./sources.ts";

export interface HealthProbe {
  readonly url: string;
  readonly timeoutMs: number;
}

function parseUrl(raw: string, label: string): string {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new UsageError(`${label} must be an http:// or https:// URL, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** health's settings; it reads no .env (a container probe runs where the producer was started). */
export const HEALTH_SETTINGS = defineSettings({
  url: {
    flag: "--url <url>",
    parse: parseUrl,
    fallback: undefined as string | undefined,
    note: `http://127.0.0.1:PORT${HEALTH_PATH}`,
    help: `the endpoint to probe instead of http://127.0.0.1:PORT${HEALTH_PATH}`,
  },
  port: {
    flag: "--port <n>",
    env: "METRICS_PORT",
    parse: (raw: string, label: string) => parseInteger(raw, label, 1, 65535),
    fallback: DEFAULT_METRICS_PORT,
    literal: String(DEFAULT_METRICS_PORT),
    help: "port on 127.0.0.1 to probe",
  },
  timeoutMs: {
    flag: "--timeout <duration>",
    parse: parseDuration,
    fallback: 3000,
    literal: "3s",
    help: "give up after this long",
  },
  quiet: {
    flag: "-q, --quiet",
    parse: parseBoolean,
    fallback: false,
    note: "off",
    help: "print nothing; only set the exit code",
  },
});

/** Pure: the URL and timeout from flags and environment. */
export function resolveHealthProbe(sources: Sources): HealthProbe {
  const timeoutMs = resolveSetting(HEALTH_SETTINGS.timeoutMs, sources);
  if (timeoutMs <= 0) throw new UsageError("--timeout must be longer than 0");
  const url = resolveSetting(HEALTH_SETTINGS.url, sources);
  if (url !== undefined) return { url, timeoutMs };
  // The port is read only without --url, so a stray METRICS_PORT cannot fail an explicit URL.
  const port = resolveSetting(HEALTH_SETTINGS.port, sources);
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
  const cmd = new Command("health")
    .summary("probe a running producer's /healthz: exit 0 when healthy, 1 otherwise")
    .description(
      "Probe a running producer's /healthz (served with --metrics-port): exit 0 when it is " +
        "connected to Kafka and delivered recently, 1 otherwise. The container HEALTHCHECK runs it.",
    );
  return addSettingOptions(cmd, HEALTH_SETTINGS)
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
      const sources = { flags, env: io.env, dotenv: {} };
      const probe = resolveHealthProbe(sources);
      const { status, body } = await probeHealth(probe);
      const healthy = status === 200;
      if (!resolveSetting(HEALTH_SETTINGS.quiet, sources)) {
        if (healthy) io.stdout(`${body}\n`);
        else io.stderr(`unhealthy: HTTP ${status} from ${probe.url}: ${body}\n`);
      }
      io.setExitCode(healthy ? ExitCode.Ok : ExitCode.Failure);
    });
}
