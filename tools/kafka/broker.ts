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
import { answersApiVersions } from "./api_versions_probe.ts";
import { BROKER_JVM_FLAGS, ensureJars, javaArgv, kafkaToolsDir } from "./jars.ts";
import { freePorts, isAlive, isPortInUse, waitForExit } from "./processes.ts";
import {
  checkListeners,
  HOST,
  type ListenerSpec,
  randomClusterId,
  renderProperties,
  serverProperties,
} from "./server_properties.ts";

export type { ListenerSpec, SecurityProtocol } from "./server_properties.ts";

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

/**
 * A JVM flag naming the process that started a broker, so a test runner can find brokers its
 * test processes left behind: `javaProcessesMentioning(ownerFlag(pid))`.
 */
export function ownerFlag(pid: number): string {
  return `-Dtelemetra.owner=${pid}`;
}

const READY_LINE = "Kafka Server started";
const STOP_GRACE_MS = 30_000;

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
  let pid = await launchReady(
    argv,
    logFile,
    port,
    readyTimeoutMs,
    ownsDataDir ? dataDir : undefined,
  );

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
    stop: (signal = "SIGTERM") => stopProcess(pid, signal, logFile),
    async restart() {
      await stopProcess(pid, "SIGTERM", logFile);
      for (const p of [port, controllerPort, ...listeners.map((l) => l.port)]) {
        if (isPortInUse(p)) throw new KafkaError(`port ${p} is already in use`);
      }
      pid = await launchReady(
        argv,
        logFile,
        port,
        readyTimeoutMs,
        ownsDataDir ? dataDir : undefined,
      );
    },
    logTail: (lines = 30) => tail(logFile, lines),
    async [Symbol.asyncDispose]() {
      await stopProcess(pid, "SIGTERM", logFile);
      if (ownsDataDir) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
  return broker;
}

async function formatStorage(lib: string, configFile: string, formatArgs: readonly string[]) {
  const clusterId = randomClusterId((b) => crypto.getRandomValues(b));
  const [java, ...args] = javaArgv(lib, kafkaToolsDir.toolsLog4j, [], "kafka.tools.StorageTool", [
    "format",
    "--cluster-id",
    clusterId,
    "--config",
    configFile,
    ...formatArgs,
  ]);
  const { code, stdout, stderr } = await new Deno.Command(java, { args, stdin: "null" }).output();
  if (code !== 0) {
    const output = new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout);
    const last = output.trimEnd().split("\n").slice(-20).join("\n");
    throw new KafkaError(`formatting the Kafka storage failed (exit ${code}):\n${last}`);
  }
}

/**
 * Starts the JVM through launch.sh and waits until it logged its start and answers ApiVersions.
 * `cleanupDir` is removed by the supervisor should this process die without stopping the broker.
 */
async function launchReady(
  argv: readonly string[],
  logFile: string,
  port: number,
  readyTimeoutMs: number,
  cleanupDir: string | undefined,
): Promise<number> {
  const logOffset = await fileSize(logFile);
  const launched = await new Deno.Command("bash", {
    args: [kafkaToolsDir.launch, String(Deno.pid), logFile, cleanupDir ?? "-", ...argv],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const pid = Number(new TextDecoder().decode(launched.stdout).trim());
  if (launched.code !== 0 || !Number.isInteger(pid) || pid <= 0) {
    const why = new TextDecoder().decode(launched.stderr).trim();
    throw new KafkaError(`could not start java for the Kafka broker: ${why || "no pid"}`);
  }

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (!isAlive(pid)) {
      throw new KafkaError(
        `the Kafka broker exited while starting; last lines of ${logFile}:\n${tail(logFile, 30)}`,
      );
    }
    if (logSince(logFile, logOffset).includes(READY_LINE) && await answersApiVersions(HOST, port)) {
      return pid;
    }
    if (Date.now() >= deadline) {
      await stopProcess(pid, "SIGKILL", logFile);
      throw new KafkaError(
        `the Kafka broker was not ready within ${readyTimeoutMs / 1000} s; ` +
          `last lines of ${logFile}:\n${tail(logFile, 30)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopProcess(pid: number, signal: "SIGTERM" | "SIGKILL", logFile: string) {
  if (!isAlive(pid)) return;
  kill(pid, signal);
  if (await waitForExit(pid, signal === "SIGTERM" ? STOP_GRACE_MS : 10_000)) return;
  kill(pid, "SIGKILL");
  if (!await waitForExit(pid, 10_000)) {
    throw new KafkaError(`the Kafka broker (pid ${pid}) did not exit; see ${logFile}`);
  }
}

function kill(pid: number, signal: Deno.Signal) {
  try {
    Deno.kill(pid, signal);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // exited meanwhile
  }
}

function logSince(logFile: string, offset: number): string {
  try {
    using file = Deno.openSync(logFile);
    file.seekSync(offset, Deno.SeekMode.Start);
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(64 * 1024);
    for (let n = file.readSync(buffer); n !== null && n > 0; n = file.readSync(buffer)) {
      chunks.push(buffer.slice(0, n));
    }
    return new TextDecoder().decode(concat(chunks));
  } catch {
    return "";
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function tail(logFile: string, lines: number): string {
  let size = 0;
  try {
    size = Deno.statSync(logFile).size;
  } catch {
    return "(no broker log)";
  }
  const text = logSince(logFile, Math.max(0, size - 64 * 1024));
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return 0;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
