/**
 * A real single-node Apache Kafka broker (KRaft: broker and controller in one JVM) on 127.0.0.1,
 * from the jars in .cache/kafka/lib, for local development (`deno task kafka`) and tests.
 *
 * ```ts
 * await using broker = await startBroker();          // free ports, temp data dir
 * console.log(broker.bootstrap);                     // "127.0.0.1:40123"
 * ```
 *
 * The JVM is started by tools/kafka/launch.sh, tied to this process: should we die without
 * stopping it, it is stopped for us. No Kafka client library is used here (only src/kafka/ may
 * import one); readiness is a raw ApiVersions request.
 */

import { KafkaError } from "../../src/errors.ts";
import { BROKER_JVM_FLAGS, ensureJars, javaArgv, kafkaToolsDir } from "./jars.ts";
import {
  exists,
  formatStorage,
  launchServing,
  logTail,
  ownerFlag,
  stopProcess,
} from "./kafka_process.ts";
import { freePorts, isAlive, isPortInUse } from "./processes.ts";
import {
  checkListeners,
  HOST,
  type ListenerSpec,
  renderProperties,
  serverProperties,
} from "./server_properties.ts";

export type { ListenerSpec, SecurityProtocol } from "./server_properties.ts";
export { ownerFlag } from "./kafka_process.ts";

export interface BrokerOptions {
  /** The PLAINTEXT port clients use; a free port when omitted. */
  readonly port?: number;
  /** The KRaft controller port; a free port when omitted. */
  readonly controllerPort?: number;
  /** Kept between starts when given (formatted once); a temp dir removed on dispose otherwise. */
  readonly dataDir?: string;
  /** Where the broker's log is appended; `<dataDir>/broker.log` by default. */
  readonly logFile?: string;
  /** Listeners besides PLAINTEXT, e.g. SASL_PLAINTEXT or SSL ones. */
  readonly listeners?: readonly ListenerSpec[];
  /** server.properties entries; they override the defaults (see server_properties.ts). */
  readonly extraProperties?: Readonly<Record<string, string>>;
  /** Extra `StorageTool format` arguments, e.g. `["--add-scram", "SCRAM-SHA-256=[name=u,password=p]"]`. */
  readonly formatArgs?: readonly string[];
  /** Extra JVM flags, e.g. `-Djava.security.auth.login.config=...`. */
  readonly jvmFlags?: readonly string[];
  /** How long to wait for the broker to answer clients; 60 s by default. */
  readonly readyTimeoutMs?: number;
}

export interface Broker extends AsyncDisposable {
  /** `127.0.0.1:<port>`, the PLAINTEXT listener. */
  readonly bootstrap: string;
  readonly port: number;
  readonly controllerPort: number;
  /** Every client listener by name, PLAINTEXT included: name → `127.0.0.1:<port>`. */
  readonly listeners: Readonly<Record<string, string>>;
  readonly dataDir: string;
  readonly logFile: string;
  /** The pid of the broker's JVM (a new one after restart()). */
  readonly pid: number;
  readonly running: boolean;
  /** SIGTERM (a clean shutdown, SIGKILL after 30 s) or SIGKILL (a crash); waits for the exit. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** stop(), then start again on the same ports and data dir. */
  restart(): Promise<void>;
  /** The last `lines` lines of the broker log. */
  logTail(lines?: number): string;
}

const LABEL = "the Kafka broker";

/** Starts a broker and resolves once a client can produce to it. Throws KafkaError otherwise. */
export async function startBroker(options: BrokerOptions = {}): Promise<Broker> {
  const extra = options.listeners ?? [];
  checkListeners(extra);
  for (const port of [options.port, options.controllerPort, ...extra.map((l) => l.port)]) {
    if (port !== undefined && isPortInUse(port)) {
      throw new KafkaError(`port ${port} is already in use`);
    }
  }
  const spare = freePorts(2 + extra.length);
  const port = options.port ?? spare[0];
  const controllerPort = options.controllerPort ?? spare[1];
  const listeners = extra.map((l, i) => ({ ...l, port: l.port ?? spare[2 + i] }));
  const lib = await ensureJars();

  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? await Deno.makeTempDir({ prefix: "telemetra-kafka-" });
  await Deno.mkdir(dataDir, { recursive: true });
  const logFile = options.logFile ?? `${dataDir}/broker.log`;
  const configFile = `${dataDir}/server.properties`;
  const logDir = `${dataDir}/data`;
  const props = serverProperties({
    port,
    controllerPort,
    logDir,
    listeners,
    extraProperties: options.extraProperties ?? {},
  });
  await Deno.writeTextFile(configFile, renderProperties(props));
  const firstLogDir = (props.get("log.dirs") ?? logDir).split(",")[0];
  if (!await exists(`${firstLogDir}/meta.properties`)) {
    await formatStorage(lib, configFile, options.formatArgs ?? []);
  }

  const argv = javaArgv(
    lib,
    kafkaToolsDir.brokerLog4j,
    [...BROKER_JVM_FLAGS, ownerFlag(Deno.pid), ...options.jvmFlags ?? []],
    "kafka.Kafka",
    [configFile],
  );
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const cleanupDir = ownsDataDir ? dataDir : undefined;
  let pid = await launchServing(argv, logFile, port, readyTimeoutMs, cleanupDir, LABEL);

  const broker: Broker = {
    bootstrap: `${HOST}:${port}`,
    port,
    controllerPort,
    listeners: Object.fromEntries(
      [["PLAINTEXT", port] as const, ...listeners.map((l) => [l.name, l.port] as const)]
        .map(([name, p]) => [name, `${HOST}:${p}`]),
    ),
    dataDir,
    logFile,
    get pid() {
      return pid;
    },
    get running() {
      return isAlive(pid);
    },
    stop: (signal = "SIGTERM") => stopProcess(pid, signal, logFile, LABEL),
    async restart() {
      await stopProcess(pid, "SIGTERM", logFile, LABEL);
      for (const p of [port, controllerPort, ...listeners.map((l) => l.port)]) {
        if (isPortInUse(p)) throw new KafkaError(`port ${p} is already in use`);
      }
      pid = await launchServing(argv, logFile, port, readyTimeoutMs, cleanupDir, LABEL);
    },
    logTail: (lines = 30) => logTail(logFile, lines),
    async [Symbol.asyncDispose]() {
      await stopProcess(pid, "SIGTERM", logFile, LABEL);
      if (ownsDataDir) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
  return broker;
}
