/**
 * `health`'s settings, declared once as a table, and the probe they resolve to. Pure.
 */
import { defineSettings, resolveSetting } from "./settings.ts";
import type { Sources } from "./sources.ts";
import { parseBoolean, parseDuration, parseInteger } from "./values.ts";
import { UsageError } from "../errors.ts";

/** The port `--metrics-port` / METRICS_PORT conventionally takes (the container sets it). */
export const DEFAULT_METRICS_PORT = 9464;
export const HEALTH_PATH = "/healthz";

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
