/**
 * A real N-node Apache Kafka cluster on 127.0.0.1 from the same jars as broker.ts, for
 * development (`deno task kafka --brokers 3`) and the cluster tests (`deno task test:cluster`).
 *
 * ```ts
 * await using cluster = await startCluster();   // 3 nodes, free ports, one temp dir
 * cluster.bootstrap;                            // "127.0.0.1:40101,127.0.0.1:40102,127.0.0.1:40103"
 * await cluster.nodes[1].stop("SIGKILL");       // crash node 2
 * await cluster.nodes[1].start();               // back on the same ports and data
 * ```
 *
 * Every node is broker and controller in one JVM (KRaft), and every node is a voter of a
 * static quorum (`controller.quorum.voters`), so a 3-node cluster keeps working with one node
 * down. Replication defaults: see clusterReplication() in server_properties.ts. Each JVM is
 * started by launch.sh, tied to this process like the single broker's.
 */

import { KafkaError } from "../../src/errors.ts";
import { BROKER_JVM_FLAGS, ensureJars, javaArgv, kafkaToolsDir } from "./jars.ts";
import {
  exists,
  formatStorage,
  type Launched,
  launchKafka,
  logTail,
  ownerFlag,
  stopProcess,
  waitUntilServing,
} from "./kafka_process.ts";
import { knownBrokers } from "./metadata_probe.ts";
import { freePorts, isAlive, isPortInUse } from "./processes.ts";
import {
  clusterNodeProperties,
  HOST,
  randomClusterId,
  renderProperties,
} from "./server_properties.ts";

export interface ClusterOptions {
  /** How many nodes (each broker and controller); 3 by default. */
  readonly nodes?: number;
  /** The client (PLAINTEXT) port of node 1, 2, …; free ports when omitted. */
  readonly ports?: readonly number[];
  /** The controller port of node 1, 2, …; free ports when omitted. */
  readonly controllerPorts?: readonly number[];
  /**
   * Kept between starts when given (each node in `<dir>/node-<id>`, formatted once); a temp dir
   * removed on dispose otherwise.
   */
  readonly dir?: string;
  /** server.properties entries for every node; they override the defaults. */
  readonly extraProperties?: Readonly<Record<string, string>>;
  /** Extra JVM flags for every node. */
  readonly jvmFlags?: readonly string[];
  /** How long to wait for the whole cluster (or a node's start()); 120 s by default. */
  readonly readyTimeoutMs?: number;
}

export interface ClusterNode {
  /** Kafka's node.id (and broker id): 1 to N. */
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
  /** `127.0.0.1:<port>` of this node alone. */
  readonly bootstrap: string;
  /** `<cluster dir>/node-<id>`: its server.properties, data/ and broker.log. */
  readonly dataDir: string;
  readonly logFile: string;
  /** The pid of the node's JVM (a new one after start()). */
  readonly pid: number;
  readonly running: boolean;
  /**
   * SIGTERM (a clean shutdown, SIGKILL after 30 s) or SIGKILL (a crash); waits for the exit.
   * With a majority of nodes already down, a SIGTERM waits for a quorum that never comes and
   * ends in the SIGKILL: stop the last nodes together with the cluster's stop().
   */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /**
   * Starts the node again on the same ports and data; resolves once it serves clients and every
   * running node lists it. Does nothing while it runs. Needs a majority of nodes running (itself
   * included) to finish.
   */
  start(): Promise<void>;
  /** The last `lines` lines of its log. */
  logTail(lines?: number): string;
}

export interface Cluster extends AsyncDisposable {
  /** Every node's `127.0.0.1:<port>`, comma-separated, node 1 first. */
  readonly bootstrap: string;
  readonly nodes: readonly ClusterNode[];
  /** The directory holding every node's dir. */
  readonly dir: string;
  /** The cluster id every node was formatted with. */
  readonly clusterId: string;
  /** True while every node runs. */
  readonly running: boolean;
  /** Stops every node at once (one at a time, the last ones would wait for a lost quorum). */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts every stopped node at once; resolves once all serve and list each other. */
  start(): Promise<void>;
  /** Every node's last `lines` log lines, each under a `--- node N: <log file> ---` heading. */
  logTail(lines?: number): string;
}

interface NodeState {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** Its first log dir's meta.properties, written by the storage format. */
  readonly metaFile: string;
  readonly argv: readonly string[];
  pid: number;
}

/**
 * Starts an N-node cluster and resolves once every node serves clients and lists all N brokers.
 * Throws RangeError on bad options, KafkaError when a port is busy or a node fails to start (no
 * JVM of it is left running then).
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.nodes ?? 3;
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`nodes must be a whole number ≥ 1, got ${count}`);
  }
  const checkLength = (name: string, list: readonly number[] | undefined) => {
    if (list !== undefined && list.length !== count) {
      throw new RangeError(`${name} must list ${count} ports, one per node, got ${list.length}`);
    }
  };
  checkLength("ports", options.ports);
  checkLength("controllerPorts", options.controllerPorts);
  const given = [...options.ports ?? [], ...options.controllerPorts ?? []];
  if (new Set(given).size !== given.length) throw new RangeError("a port is given twice");
  for (const port of given) {
    if (isPortInUse(port)) throw new KafkaError(`port ${port} is already in use`);
  }
  const spare = freePorts(2 * count + given.length).filter((p) => !given.includes(p));
  const ports = options.ports ?? spare.slice(0, count);
  const controllerPorts = options.controllerPorts ?? spare.slice(count, 2 * count);
  const lib = await ensureJars();

  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? await Deno.makeTempDir({ prefix: "telemetra-kafka-cluster-" });
  const jvmFlags = [...BROKER_JVM_FLAGS, ownerFlag(Deno.pid), ...options.jvmFlags ?? []];
  const nodes: NodeState[] = [];
  const unformatted: string[] = [];
  for (let id = 1; id <= count; id++) {
    const dataDir = `${dir}/node-${id}`;
    await Deno.mkdir(dataDir, { recursive: true });
    const configFile = `${dataDir}/server.properties`;
    const props = clusterNodeProperties({
      nodeId: id,
      port: ports[id - 1],
      controllerPort: controllerPorts[id - 1],
      controllerPorts,
      logDir: `${dataDir}/data`,
      listeners: [],
      extraProperties: options.extraProperties ?? {},
    });
    await Deno.writeTextFile(configFile, renderProperties(props));
    const metaFile = `${props.get("log.dirs")!.split(",")[0]}/meta.properties`;
    if (!await exists(metaFile)) unformatted.push(configFile);
    nodes.push({
      id,
      port: ports[id - 1],
      controllerPort: controllerPorts[id - 1],
      dataDir,
      logFile: `${dataDir}/broker.log`,
      metaFile,
      argv: javaArgv(lib, kafkaToolsDir.brokerLog4j, jvmFlags, "kafka.Kafka", [configFile]),
      pid: 0,
    });
  }
  // Nodes formatted before (a kept dir) fix the cluster id; new nodes must join with it.
  const clusterId = await formattedClusterId(nodes) ??
    randomClusterId((b) => crypto.getRandomValues(b));
  await Promise.all(unformatted.map((config) => formatStorage(lib, config, [], clusterId)));

  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const cleanupDir = ownsDir ? dir : undefined;
  const start = (targets: NodeState[]) => startNodes(targets, nodes, readyTimeoutMs, cleanupDir);
  const stop = async (targets: NodeState[], signal: "SIGTERM" | "SIGKILL") => {
    const results = await Promise.allSettled(
      targets.map((n) => stopProcess(n.pid, signal, n.logFile, label(n))),
    );
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  };
  await start(nodes);

  const clusterNodes = nodes.map((node): ClusterNode => ({
    id: node.id,
    port: node.port,
    controllerPort: node.controllerPort,
    bootstrap: `${HOST}:${node.port}`,
    dataDir: node.dataDir,
    logFile: node.logFile,
    get pid() {
      return node.pid;
    },
    get running() {
      return isAlive(node.pid);
    },
    stop: (signal = "SIGTERM") => stop([node], signal),
    start: () => isAlive(node.pid) ? Promise.resolve() : start([node]),
    logTail: (lines = 30) => logTail(node.logFile, lines),
  }));
  return {
    bootstrap: nodes.map((n) => `${HOST}:${n.port}`).join(","),
    nodes: clusterNodes,
    dir,
    clusterId,
    get running() {
      return nodes.every((n) => isAlive(n.pid));
    },
    stop: (signal = "SIGTERM") => stop(nodes, signal),
    start: () => start(nodes.filter((n) => !isAlive(n.pid))),
    logTail: (lines = 30) =>
      nodes.map((n) => `--- node ${n.id}: ${n.logFile} ---\n${logTail(n.logFile, lines)}`)
        .join("\n"),
    async [Symbol.asyncDispose]() {
      try {
        await stop(nodes, "SIGTERM");
      } finally {
        if (ownsDir) await Deno.remove(dir, { recursive: true }).catch(() => {});
      }
    },
  };
}

function label(node: { id: number }): string {
  return `Kafka node ${node.id}`;
}

/**
 * Launches `targets` at once (a quorum needs a majority up to elect a leader), waits until each
 * serves clients, then until every running node lists every running node. On failure every
 * target's JVM is killed before the error is thrown.
 */
async function startNodes(
  targets: NodeState[],
  all: readonly NodeState[],
  readyTimeoutMs: number,
  cleanupDir: string | undefined,
): Promise<void> {
  for (const node of targets) {
    for (const port of [node.port, node.controllerPort]) {
      if (isPortInUse(port)) throw new KafkaError(`port ${port} is already in use`);
    }
  }
  const deadline = Date.now() + readyTimeoutMs;
  const launched: [NodeState, Launched][] = [];
  const killAll = () =>
    Promise.allSettled(
      launched.map(([node]) => stopProcess(node.pid, "SIGKILL", node.logFile, label(node))),
    );
  try {
    for (const node of targets) {
      const started = await launchKafka(node.argv, node.logFile, cleanupDir, label(node));
      node.pid = started.pid;
      launched.push([node, started]);
    }
    const waits = launched.map(([node, started]) =>
      waitUntilServing(started, {
        logFile: node.logFile,
        port: node.port,
        label: label(node),
        deadline,
        timeoutMs: readyTimeoutMs,
      })
    );
    try {
      await Promise.all(waits);
    } catch (error) {
      await killAll(); // the other waits then end at once
      await Promise.allSettled(waits);
      throw error;
    }
    await waitUntilListed(targets, all, deadline, readyTimeoutMs);
  } catch (error) {
    await killAll();
    throw error;
  }
}

/** Waits until every running node's metadata lists every running node, `targets` included. */
async function waitUntilListed(
  targets: readonly NodeState[],
  all: readonly NodeState[],
  deadline: number,
  timeoutMs: number,
): Promise<void> {
  for (;;) {
    const died = targets.find((n) => !isAlive(n.pid));
    if (died) {
      throw new KafkaError(
        `${label(died)} exited while starting; last lines of ${died.logFile}:\n` +
          logTail(died.logFile, 30),
      );
    }
    const running = all.filter((n) => isAlive(n.pid));
    const views = await Promise.all(running.map(async (node) => ({
      node,
      ids: (await knownBrokers(HOST, node.port))?.map((b) => b.id) ?? [],
    })));
    const lacking = views.filter(({ ids }) => running.some((n) => !ids.includes(n.id)));
    if (lacking.length === 0) return;
    if (Date.now() >= deadline) {
      const seen = lacking.map(({ node, ids }) => `node ${node.id} lists [${ids.join(", ")}]`);
      throw new KafkaError(
        `the Kafka cluster's nodes did not all list nodes ` +
          `[${running.map((n) => n.id).join(", ")}] within ${timeoutMs / 1000} s: ` +
          `${seen.join("; ")}; see ${running.map((n) => n.logFile).join(", ")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The cluster.id of the first node already formatted, if any. */
async function formattedClusterId(nodes: readonly NodeState[]): Promise<string | undefined> {
  for (const node of nodes) {
    const text = await Deno.readTextFile(node.metaFile).catch(() => "");
    const id = text.match(/^cluster\.id=(.+)$/m)?.[1]?.trim();
    if (id) return id;
  }
  return undefined;
}
