/**
 * `telemetra-mock health`: probes a producer's `/healthz` and exits 0 when it answers 200, 1
 * otherwise. The container's HEALTHCHECK runs it, because the runtime image has no curl. Parses
 * and wires: the settings are src/config/health.ts, the probe src/health.ts.
 */
import { Command } from "commander";
import { HEALTH_SETTINGS, resolveHealthProbe } from "../config/health.ts";
import { resolveSetting } from "../config/settings.ts";
import { ExitCode } from "../errors.ts";
import { probeHealth } from "../health.ts";
import type { CliIo } from "./io.ts";
import { addSettingOptions } from "./sources.ts";

export function healthCommand(io: CliIo): Command {
  const cmd = new Command("health")
    .summary("probe a producer's /healthz: 0 healthy, 1 not")
    .description(
      "Probe a running producer's /healthz (served with --metrics-port): exit 0 when it is " +
        "connected to Kafka and delivered recently, 1 otherwise. The container HEALTHCHECK runs it.",
    );
  return addSettingOptions(cmd, HEALTH_SETTINGS)
    .addHelpText(
      "after",
      `
Prints the endpoint's JSON verdict, e.g.
  {"status":"ok","reason":"ok","connected":true,...}

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
