/**
 * `telemetra-mock health`: probes a producer's `/healthz` and exits 0 when it answers 200, 1
 * otherwise. The container's HEALTHCHECK runs it, because the runtime image has no curl. Parses
 * and wires: the settings are src/config/health.ts, the probe src/health.ts.
 */
import { Command } from "commander";
import {
  HEALTH_PATH,
  HEALTH_SETTINGS,
  healthServing,
  resolveHealthProbe,
} from "../config/health.ts";
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
  telemetra-mock health --url http://producer:9464/healthz --timeout 2s
  telemetra-mock health --stdin-cmdline </proc/1/cmdline
                                         in a container (its HEALTHCHECK)`,
    )
    .action(async (flags: Record<string, unknown>) => {
      let sources = { flags, env: io.env, dotenv: {} };
      if (resolveSetting(HEALTH_SETTINGS.stdinCmdline, sources)) {
        const serving = healthServing(new TextDecoder().decode(await readAll(io.readStdin())));
        if (!serving.serves) {
          if (!resolveSetting(HEALTH_SETTINGS.quiet, sources)) {
            io.stdout(`${
              JSON.stringify({
                status: "ok",
                reason: `${serving.command} serves no ${HEALTH_PATH}`,
              })
            }\n`);
          }
          io.setExitCode(ExitCode.Ok);
          return;
        }
        if (serving.port !== undefined && flags["port"] === undefined) {
          sources = { ...sources, flags: { ...flags, port: String(serving.port) } };
        }
      }
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

async function readAll(
  input: ReadableStream<Uint8Array> | Promise<Uint8Array>,
): Promise<Uint8Array> {
  return input instanceof ReadableStream
    ? new Uint8Array(await new Response(input).arrayBuffer())
    : await input;
}
