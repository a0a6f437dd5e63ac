/**
 * `deno task kafka`: a local Kafka broker, or with `--brokers N` a cluster of N, in the
 * foreground for development. Prints `Kafka ready at 127.0.0.1:<port>[,127.0.0.1:<port>…]` on
 * stdout once clients can connect to every node; Ctrl-C or SIGTERM stops it all cleanly (no java
 * process is left).
 */
// deno-lint-ignore-file no-console
import { parseArgs } from "node:util";
import { describeError, ExitCode, KafkaError, UsageError } from "../../src/errors.ts";
import { startBroker } from "./broker.ts";
import { startCluster } from "./cluster.ts";
import { repoRoot } from "./jars.ts";
import { isPortInUse } from "./processes.ts";

const MAX_BROKERS = 9;

const HELP = `usage: deno task kafka [--port N] [--brokers N] [--data-dir DIR | --temp]

Runs a single-node Apache Kafka 4.1 broker (KRaft) on 127.0.0.1 until Ctrl-C, or with
--brokers N a cluster of N nodes (each broker and controller; a quorum of N).

  --port N         client port (default 9092); with --brokers N, node 1's port, and nodes
                   2…N take the next ports (9092, 9093, 9094 for --brokers 3)
  --brokers N      how many nodes, 1 to ${MAX_BROKERS} (default 1). With 3 or more, topics and
                   Kafka's internal topics get 3 replicas; 2 must be in sync for transactions
  --data-dir DIR   where topics are kept between runs (default .state/kafka-<port>, or
                   .state/kafka-<port>-<N>-nodes for a cluster, one node-<id> dir per node)
  --temp           keep the data in a temporary directory, deleted on exit
  -h, --help       this text

Once every node serves clients it prints one line on stdout, e.g.
  Kafka ready at 127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094
The broker log is <data dir>/broker.log (<data dir>/node-<id>/broker.log per node).
Controller ports are free ports picked at each start. Kafka's CLI tools: deno task kafka-tool --help.
`;

export interface KafkaTaskOptions {
  /** The client port of the broker, or of node 1 (node i has port + i - 1). */
  readonly port: number;
  /** How many nodes: 1 is the single broker. */
  readonly brokers: number;
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
        brokers: { type: "string" },
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
  const brokersText = values.brokers ?? "1";
  const brokers = Number(brokersText);
  if (!/^\d+$/.test(brokersText) || brokers < 1 || brokers > MAX_BROKERS) {
    throw new UsageError(
      `--brokers must be a whole number from 1 to ${MAX_BROKERS}, got "${brokersText}"`,
    );
  }
  if (port + brokers - 1 > 65535) {
    throw new UsageError(
      `--brokers ${brokers} from --port ${port} needs ports up to ${port + brokers - 1}; ` +
        `pick a --port of at most ${65536 - brokers}`,
    );
  }
  if (values.temp && values["data-dir"] !== undefined) {
    throw new UsageError("--temp and --data-dir exclude each other; give one");
  }
  const defaultDir = brokers === 1 ? `kafka-${port}` : `kafka-${port}-${brokers}-nodes`;
  const dataDir = values.temp
    ? undefined
    : values["data-dir"] ?? `${repoRoot}/.state/${defaultDir}`;
  return { port, brokers, dataDir };
}

/** What run() needs of a running broker or cluster. */
interface Served {
  readonly bootstrap: string;
  /** Where the logs are, one line each for stderr. */
  readonly logLines: readonly string[];
  /** undefined while every node runs; otherwise what to tell the user (several lines). */
  stoppedByItself(): string | undefined;
  stop(signal: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** A clean stop of everything, then the temp dir removed (if any). */
  dispose(): PromiseLike<void>;
}

async function serve({ port, brokers, dataDir }: KafkaTaskOptions): Promise<Served> {
  if (brokers === 1) {
    const broker = await startBroker({ port, dataDir });
    return {
      bootstrap: broker.bootstrap,
      logLines: [`broker log: ${broker.logFile}`],
      stoppedByItself: () =>
        broker.running
          ? undefined
          : `the Kafka broker stopped by itself; last lines of ${broker.logFile}:\n` +
            broker.logTail(20),
      stop: (signal) => broker.stop(signal),
      dispose: () => broker[Symbol.asyncDispose](),
    };
  }
  const ports = Array.from({ length: brokers }, (_, i) => port + i);
  const cluster = await startCluster({ nodes: brokers, ports, dir: dataDir });
  return {
    bootstrap: cluster.bootstrap,
    logLines: cluster.nodes.map((n) => `node ${n.id} log: ${n.logFile}`),
    stoppedByItself() {
      const node = cluster.nodes.find((n) => !n.running);
      return node && `Kafka node ${node.id} stopped by itself; last lines of ${node.logFile}:\n` +
          node.logTail(20);
    },
    stop: (signal) => cluster.stop(signal),
    dispose: () => cluster[Symbol.asyncDispose](),
  };
}

async function run(args: readonly string[]): Promise<number> {
  const options = parseKafkaTaskArgs(args);
  if (options === "help") {
    console.log(HELP);
    return ExitCode.Ok;
  }
  const { port, brokers, dataDir } = options;
  for (let p = port; p < port + brokers; p++) {
    if (isPortInUse(p)) throw new KafkaError(`port ${p} is already in use`);
  }
  const where = brokers === 1
    ? `Kafka on 127.0.0.1:${port}`
    : `a ${brokers}-node Kafka cluster on 127.0.0.1:${port}-${port + brokers - 1}`;
  console.error(`starting ${where}, data in ${dataDir ?? "a temp dir"}`);
  const kafka = await serve(options);
  for (const line of kafka.logLines) console.error(line);
  console.log(`Kafka ready at ${kafka.bootstrap}`);

  const stopped = Promise.withResolvers<string>();
  const onSignal = (name: string) => () => stopped.resolve(name);
  const handlers = [["SIGINT", onSignal("SIGINT")], ["SIGTERM", onSignal("SIGTERM")]] as const;
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  let crash: string | undefined;
  const watch = setInterval(() => {
    crash = kafka.stoppedByItself();
    if (crash !== undefined) stopped.resolve("exit");
  }, 1000);
  const why = await stopped.promise;
  clearInterval(watch);
  if (why === "exit") {
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
    console.error(`error: ${crash}`);
    await kafka.stop("SIGTERM"); // the other nodes of a cluster; kept data and logs stay
    return ExitCode.Failure;
  }
  console.error("stopping Kafka ...");
  // A second Ctrl-C while stopping kills every JVM at once.
  for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  const hurry = () => kafka.stop("SIGKILL");
  Deno.addSignalListener("SIGINT", hurry);
  try {
    await kafka.dispose();
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
