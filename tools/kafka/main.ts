/**
 * `deno task kafka`: a local Kafka broker in the foreground for development.
 * Prints `Kafka ready at 127.0.0.1:<port>` on stdout once clients can connect; Ctrl-C or
 * SIGTERM stops it cleanly (no java process is left).
 */
// deno-lint-ignore-file no-console
import { parseArgs } from "node:util";
import { describeError, ExitCode, KafkaError, UsageError } from "../../src/errors.ts";
import { startBroker } from "./broker.ts";
import { repoRoot } from "./jars.ts";
import { isPortInUse } from "./processes.ts";

const HELP = `usage: deno task kafka [--port N] [--data-dir DIR | --temp]

Runs a single-node Apache Kafka 4.1 broker (KRaft) on 127.0.0.1 until Ctrl-C.

  --port N         client port (default 9092)
  --data-dir DIR   where topics are kept between runs (default .state/kafka-<port>)
  --temp           keep the data in a temporary directory, deleted on exit
  -h, --help       this text

The broker log is <data dir>/broker.log. Kafka's CLI tools: deno task kafka-tool --help.
`;

export interface KafkaTaskOptions {
  readonly port: number;
  /** undefined: a temp dir. */
  readonly dataDir: string | undefined;
}

/** Parses the task's flags; throws UsageError on anything it does not understand. */
export function parseKafkaTaskArgs(args: readonly string[]): KafkaTaskOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: "string" },
        "data-dir": { type: "string" },
        temp: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]}; see --help`);
  }
  if (values.help) return "help";
  const portText = values.port ?? "9092";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 1 to 65535, got "${portText}"`);
  }
  if (values.temp && values["data-dir"] !== undefined) {
    throw new UsageError("--temp and --data-dir exclude each other; give one");
  }
  const dataDir = values.temp
    ? undefined
    : values["data-dir"] ?? `${repoRoot}/.state/kafka-${port}`;
  return { port, dataDir };
}

async function run(args: readonly string[]): Promise<number> {
  const options = parseKafkaTaskArgs(args);
  if (options === "help") {
    console.log(HELP);
    return ExitCode.Ok;
  }
  if (isPortInUse(options.port)) throw new KafkaError(`port ${options.port} is already in use`);
  console.error(
    `starting Kafka on 127.0.0.1:${options.port}, data in ${options.dataDir ?? "a temp dir"}`,
  );
  const broker = await startBroker({ port: options.port, dataDir: options.dataDir });
  console.error(`broker log: ${broker.logFile}`);
  console.log(`Kafka ready at ${broker.bootstrap}`);

  const stopped = Promise.withResolvers<string>();
  const onSignal = (name: string) => () => stopped.resolve(name);
  const handlers = [["SIGINT", onSignal("SIGINT")], ["SIGTERM", onSignal("SIGTERM")]] as const;
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  const watch = setInterval(() => {
    if (!broker.running) stopped.resolve("exit");
  }, 1000);
  const why = await stopped.promise;
  clearInterval(watch);
  if (why === "exit") {
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
    console.error(`error: the Kafka broker stopped by itself; last lines of ${broker.logFile}:`);
    console.error(broker.logTail(20));
    return ExitCode.Failure;
  }
  console.error("stopping Kafka ...");
  // A second Ctrl-C while stopping kills the broker at once.
  for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  const hurry = () => broker.stop("SIGKILL");
  Deno.addSignalListener("SIGINT", hurry);
  try {
    await broker[Symbol.asyncDispose]();
  } finally {
    Deno.removeSignalListener("SIGINT", hurry);
  }
  console.error("Kafka stopped");
  return ExitCode.Ok;
}

if (import.meta.main) {
  try {
    Deno.exitCode = await run(Deno.args);
  } catch (error) {
    const { message, exitCode } = describeError(error);
    const hint = /^port \d+ is already in use$/.test(message)
      ? "; is a broker already running? Pick another port with --port N"
      : "";
    console.error(`error: ${message}${hint}`);
    Deno.exitCode = exitCode;
  }
}
