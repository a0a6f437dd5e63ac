/**
 * kafkajs' logs, routed into LogTape under ["telemetra", "kafka"] at levels that match what they
 * mean to a user. kafkajs logs every failed attempt at ERROR even when it retries and succeeds;
 * our own connect/produce code reports the outcome, so those lines are debug detail.
 */
// First: kafkajs must not load before its grouping is replaced (see grouping_fix.ts).
import "./grouping_fix.ts";
import { getLogger, type Logger, type LogLevel } from "@logtape/logtape";
import { type logCreator, type LogEntry, logLevel as KafkajsLevel } from "kafkajs";

/** kafkajs namespaces whose errors are about one attempt of something that is retried. */
const ATTEMPT_NAMESPACES = new Set([
  "Connection",
  "BrokerPool",
  "Cluster",
  "RequestQueue",
  "SocketRequest",
]);

/**
 * Warnings about choices this tool makes on purpose, and about what it expects: a group's
 * rebalance, whose outcome the consumer group's owner reports itself (--shard auto: the
 * `Channels of this replica` line).
 */
const EXPECTED_WARNINGS = [
  "Limiting retries for the idempotent producer",
  "switched default partitioner",
  "The group is rebalancing, re-joining",
];

/** Fields never forwarded: raw protocol buffers (may hold SASL exchanges) and kafkajs' own. */
const DROPPED_FIELDS = new Set(["timestamp", "logger", "message", "buffer", "payload"]);

/** The LogTape level a kafkajs entry deserves, from its level, namespace and fields. */
export function bridgedLevel(entry: Pick<LogEntry, "level" | "namespace" | "log">): LogLevel {
  switch (entry.level) {
    case KafkajsLevel.ERROR: {
      const retried = "retryCount" in entry.log || "retryTime" in entry.log;
      // A rejected SASL handshake is reported once, by our own `error:` line (exit 3).
      const ours = ATTEMPT_NAMESPACES.has(entry.namespace) ||
        entry.namespace.startsWith("SaslAuthenticator");
      return retried || ours ? "debug" : "warning";
    }
    case KafkajsLevel.WARN: {
      const message = String(entry.log.message);
      return EXPECTED_WARNINGS.some((w) => message.includes(w)) ? "debug" : "warning";
    }
    default:
      return "debug";
  }
}

/** The properties of a kafkajs entry worth keeping, errors flattened to their message. */
export function bridgedProperties(entry: Pick<LogEntry, "namespace" | "log">) {
  const properties: Record<string, unknown> = {
    namespace: entry.namespace,
    kafkajsMessage: String(entry.log.message),
  };
  for (const [key, value] of Object.entries(entry.log)) {
    if (DROPPED_FIELDS.has(key)) continue;
    properties[key] = value instanceof Error ? value.message : value;
  }
  return properties;
}

/** The kafkajs log level to ask for: below WARN only when someone will read it. */
export function kafkajsLogLevel(logger: Logger): KafkajsLevel {
  return logger.isEnabledFor("debug") ? KafkajsLevel.DEBUG : KafkajsLevel.WARN;
}

/**
 * The text of a kafkajs warning or error, its error's message included, and the broker it names:
 * what an outage detector needs to say why Kafka is not acknowledging.
 */
export function entryProblemText(
  entry: Pick<LogEntry, "level" | "log">,
): { text: string; broker: string | undefined } | undefined {
  if (entry.level !== KafkajsLevel.ERROR && entry.level !== KafkajsLevel.WARN) return undefined;
  const { message, error, broker } = entry.log as Record<string, unknown>;
  const parts = [String(message)];
  if (error !== undefined) parts.push(error instanceof Error ? error.message : String(error));
  return { text: parts.join(": "), broker: typeof broker === "string" ? broker : undefined };
}

/**
 * A kafkajs `logCreator` writing to `logger` (default ["telemetra", "kafka"]). `onProblem` sees
 * every warning and error, whatever the log level, before it is filtered.
 */
export function kafkajsLogCreator(
  logger: Logger = getLogger(["telemetra", "kafka"]),
  onProblem?: (text: string, broker: string | undefined) => void,
): logCreator {
  return () => (entry: LogEntry) => {
    if (onProblem !== undefined) {
      const problem = entryProblemText(entry);
      if (problem !== undefined) onProblem(problem.text, problem.broker);
    }
    const level = bridgedLevel(entry);
    if (!logger.isEnabledFor(level)) return;
    // The message travels as a property so braces in it are not read as placeholders.
    const properties = bridgedProperties(entry);
    switch (level) {
      case "warning":
        logger.warn("Kafka client: [{namespace}] {kafkajsMessage}", properties);
        break;
      default:
        logger.debug("kafkajs [{namespace}] {kafkajsMessage}", properties);
    }
  };
}
