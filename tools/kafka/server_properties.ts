/**
 * The configuration of the local KRaft brokers (broker and controller in one JVM): the
 * single-node broker, and each node of a local cluster, as pure functions of ports and paths so
 * they can be read and tested without Java.
 */

/** Kafka's security protocols, usable for extra listeners (SASL and TLS tests). */
export type SecurityProtocol = "PLAINTEXT" | "SSL" | "SASL_PLAINTEXT" | "SASL_SSL";

/**
 * A listener besides the always-present PLAINTEXT one, e.g.
 * `{ name: "SASL_PLAINTEXT", protocol: "SASL_PLAINTEXT" }`. Its settings (JAAS config, SASL
 * mechanisms, keystores) go in `extraProperties`, prefixed `listener.name.<name lower case>.`.
 */
export interface ListenerSpec {
  /** Upper-case listener name, unique, not PLAINTEXT or CONTROLLER. */
  readonly name: string;
  readonly protocol: SecurityProtocol;
  /** Port on 127.0.0.1; a free one is chosen when omitted. */
  readonly port?: number;
}

/** Everything the properties file depends on, with every port already decided. */
export interface ServerLayout {
  readonly port: number;
  readonly controllerPort: number;
  /** Kafka's `log.dirs`: where partitions and the metadata log live. */
  readonly logDir: string;
  readonly listeners: readonly (ListenerSpec & { readonly port: number })[];
  /** Applied last: they override the defaults below. */
  readonly extraProperties: Readonly<Record<string, string>>;
}

export const HOST = "127.0.0.1";
const RESERVED_NAMES = new Set(["PLAINTEXT", "CONTROLLER"]);

/** Throws a TypeError when a listener name is unusable; returns nothing otherwise. */
export function checkListeners(listeners: readonly ListenerSpec[]): void {
  const seen = new Set<string>();
  for (const { name } of listeners) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) {
      throw new TypeError(`listener name must be upper case letters, digits and _, got "${name}"`);
    }
    if (RESERVED_NAMES.has(name)) {
      throw new TypeError(`listener name ${name} is reserved by the local broker`);
    }
    if (seen.has(name)) throw new TypeError(`listener ${name} is given twice`);
    seen.add(name);
  }
}

/** The broker's settings as key → value, in file order. */
export function serverProperties(layout: ServerLayout): Map<string, string> {
  const named = [
    { name: "PLAINTEXT", protocol: "PLAINTEXT", port: layout.port },
    ...layout.listeners,
  ];
  const endpoint = (l: { name: string; port: number }) => `${l.name}://${HOST}:${l.port}`;
  const props = new Map<string, string>([
    ["process.roles", "broker,controller"],
    ["node.id", "1"],
    ["controller.quorum.voters", `1@${HOST}:${layout.controllerPort}`],
    [
      "listeners",
      [...named, { name: "CONTROLLER", port: layout.controllerPort }].map(endpoint).join(","),
    ],
    ["advertised.listeners", named.map(endpoint).join(",")],
    ["controller.listener.names", "CONTROLLER"],
    ["inter.broker.listener.name", "PLAINTEXT"],
    [
      "listener.security.protocol.map",
      ["CONTROLLER:PLAINTEXT", ...named.map((l) => `${l.name}:${l.protocol}`)].join(","),
    ],
    ["log.dirs", layout.logDir],
    ["num.partitions", "1"],
    // One node: internal topics cannot have more replicas, and a handful of partitions makes
    // the first consumer group or transaction come up in well under a second.
    ["offsets.topic.replication.factor", "1"],
    ["offsets.topic.num.partitions", "1"],
    ["transaction.state.log.replication.factor", "1"],
    ["transaction.state.log.min.isr", "1"],
    ["transaction.state.log.num.partitions", "1"],
    ["share.coordinator.state.topic.replication.factor", "1"],
    ["share.coordinator.state.topic.min.isr", "1"],
    ["group.initial.rebalance.delay.ms", "0"],
  ]);
  for (const [key, value] of Object.entries(layout.extraProperties)) props.set(key, value);
  return props;
}

/** A node of an N-node cluster: its own ports and dirs, and every node's controller port. */
export interface ClusterNodeLayout extends ServerLayout {
  /** 1 to N. */
  readonly nodeId: number;
  /** The controller port of node 1, 2, … N: the static quorum, every node a voter. */
  readonly controllerPorts: readonly number[];
}

/**
 * Replication settings for a local cluster of `nodes` brokers: internal topics and new topics
 * get min(3, N) replicas, so one node may be stopped or killed without losing data or the
 * consumer groups; transactions need min(2, N - 1) of them in sync (at least 1), so they too
 * survive one node down. min.insync.replicas stays at Kafka's default of 1: tests that need
 * acks=all to wait for 2 replicas set it per topic.
 */
export function clusterReplication(nodes: number): Map<string, string> {
  const replicas = String(Math.min(3, nodes));
  const minIsr = String(Math.max(1, Math.min(2, nodes - 1)));
  const partitions = replicas; // as many partitions as replicas: leaders spread over the nodes
  return new Map([
    ["num.partitions", partitions],
    ["default.replication.factor", replicas],
    ["offsets.topic.replication.factor", replicas],
    ["offsets.topic.num.partitions", partitions],
    ["transaction.state.log.replication.factor", replicas],
    ["transaction.state.log.min.isr", minIsr],
    ["transaction.state.log.num.partitions", partitions],
    ["share.coordinator.state.topic.replication.factor", replicas],
    ["share.coordinator.state.topic.min.isr", minIsr],
  ]);
}

/** One cluster node's settings: the single broker's, with its id, the quorum and replication. */
export function clusterNodeProperties(layout: ClusterNodeLayout): Map<string, string> {
  const { controllerPorts, nodeId } = layout;
  if (!Number.isInteger(nodeId) || nodeId < 1 || nodeId > controllerPorts.length) {
    throw new RangeError(`node id must be 1 to ${controllerPorts.length}, got ${nodeId}`);
  }
  if (controllerPorts[nodeId - 1] !== layout.controllerPort) {
    throw new RangeError(
      `node ${nodeId}'s controller port is ${layout.controllerPort} but the quorum lists ` +
        `${controllerPorts[nodeId - 1]}`,
    );
  }
  const props = serverProperties({ ...layout, extraProperties: {} });
  props.set("node.id", String(nodeId));
  props.set(
    "controller.quorum.voters",
    controllerPorts.map((port, i) => `${i + 1}@${HOST}:${port}`).join(","),
  );
  for (const [key, value] of clusterReplication(controllerPorts.length)) props.set(key, value);
  for (const [key, value] of Object.entries(layout.extraProperties)) props.set(key, value);
  return props;
}

/** `key=value` lines in Java properties syntax (backslashes and line breaks escaped). */
export function renderProperties(props: ReadonlyMap<string, string>): string {
  const escape = (s: string) =>
    s.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll("\r", "\\r");
  let text = "# Written by tools/kafka/broker.ts at every start; edits are overwritten.\n";
  for (const [key, value] of props) text += `${escape(key)}=${escape(value)}\n`;
  return text;
}

/** A Kafka cluster id: 16 random bytes in URL-safe base64 without padding, not starting "-". */
export function randomClusterId(random: (bytes: Uint8Array) => Uint8Array): string {
  for (;;) {
    const bytes = random(new Uint8Array(16));
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    const id = btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    if (!id.startsWith("-")) return id;
  }
}
