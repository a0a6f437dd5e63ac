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
  stdinCmdline: {
    flag: "--stdin-cmdline",
    parse: parseBoolean,
    fallback: false,
    note: "off",
    help: "stdin is the checked process's command line, NUL-separated as in /proc/1/cmdline: " +
      "unless it runs produce (the only command serving /healthz), report healthy at once; " +
      "otherwise probe the port its --metrics-port names",
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

/** What the command line of the process a container runs says about its health endpoint. */
export type HealthServing =
  /** It runs produce (port: its --metrics-port, if given), or it is not telemetra-mock's. */
  | { readonly serves: true; readonly port?: number }
  /** It runs another command (`consume`, `validate`, `--version` …), which serves nothing. */
  | { readonly serves: false; readonly command: string };

const BINARY = /(^|\/)telemetra-mock(\.exe)?$/;

/**
 * Pure: reads a command line as /proc/PID/cmdline holds it (NUL-separated). The binary may be
 * the process itself or an argument of an init (`docker run --init`: `docker-init -- …`); a
 * command line without it is somebody else's, and gets probed as before.
 */
export function healthServing(cmdline: string): HealthServing {
  const argv = cmdline.split("\0");
  if (argv.at(-1) === "") argv.pop();
  const at = argv.findIndex((arg) => BINARY.test(arg));
  if (at < 0) return { serves: true };
  const args = argv.slice(at + 1);
  if (args[0] !== "produce") {
    return { serves: false, command: ["telemetra-mock", ...args.slice(0, 1)].join(" ") };
  }
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    const value = arg === "--metrics-port"
      ? args[i + 1]
      : arg.startsWith("--metrics-port=")
      ? arg.slice("--metrics-port=".length)
      : undefined;
    if (value !== undefined && /^\d{1,5}$/.test(value) && Number(value) <= 65535) {
      return { serves: true, port: Number(value) };
    }
  }
  return { serves: true };
}
