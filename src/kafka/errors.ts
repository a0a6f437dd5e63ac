/**
 * kafkajs errors → one-line `KafkaError`s with the exit codes of src/errors.ts. kafkajs wraps the
 * real cause in `KafkaJSNumberOfRetriesExceeded` / `KafkaJSNonRetriableError` (`cause`), and a
 * failed topic creation in `KafkaJSAggregateError` (`errors`); the helpers below look through both.
 */
import { ExitCode, KafkaError } from "../errors.ts";
import { brokerAddresses, type SecuritySettings } from "./settings.ts";

/** Why a broker could not be reached; the `reason` is what goes in parentheses. */
export type ConnectFailureKind =
  | "refused"
  | "dns"
  | "timeout"
  | "closed"
  | "unreachable"
  | "tls"
  | "no-answer"
  | "no-broker";

export interface ConnectFailure {
  readonly kind: ConnectFailureKind;
  readonly reason: string;
}

export interface KafkaErrorContext {
  readonly brokers: readonly string[];
  readonly security?: SecuritySettings;
  /** What was being attempted, for authorization messages: `create topic telemetra.events.chat`. */
  readonly action?: string;
  /** The topic concerned, for "does not exist" messages. */
  readonly topic?: string;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  type?: unknown;
  retriable?: unknown;
  topic?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and everything it wraps, outermost first (bounded, cycle-safe). */
export function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 20) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || chain.includes(current)) continue;
    const e = current as ErrorLike;
    chain.push(e);
    if (e.cause !== undefined) queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...e.errors);
  }
  return chain;
}

const text = (value: unknown): string => typeof value === "string" ? value : "";

/** Every Kafka protocol error type in the chain (`TOPIC_AUTHORIZATION_FAILED`, …), outermost first. */
export function protocolErrorTypes(error: unknown): string[] {
  return errorChain(error)
    .map((e) => e.type)
    .filter((t): t is string => typeof t === "string" && /^[A-Z_]+$/.test(t));
}

const AUTHENTICATION_TYPES = new Set([
  "SASL_AUTHENTICATION_FAILED",
  "ILLEGAL_SASL_STATE",
  "UNSUPPORTED_SASL_MECHANISM",
]);

const AUTHORIZATION_TYPES = new Set([
  "TOPIC_AUTHORIZATION_FAILED",
  "GROUP_AUTHORIZATION_FAILED",
  "CLUSTER_AUTHORIZATION_FAILED",
  "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
]);

/** True when the broker rejected our SASL credentials or mechanism. */
export function isAuthenticationFailure(error: unknown): boolean {
  return errorChain(error).some((e) =>
    e.name === "KafkaJSSASLAuthenticationError" ||
    (typeof e.type === "string" && AUTHENTICATION_TYPES.has(e.type))
  );
}

const TLS_PATTERN =
  /certificate|handshake|\bTLS\b|\bSSL\b|UnknownIssuer|self[- ]signed|CERT_|NotValidForName|wrong version number/i;

/** Classifies a failure to reach a broker, or `undefined` when it is something else. */
export function connectFailure(error: unknown): ConnectFailure | undefined {
  for (const e of errorChain(error)) {
    const message = text(e.message);
    const code = text(e.code);
    const all = `${code} ${message}`;
    if (/ECONNREFUSED/.test(all)) return { kind: "refused", reason: "connection refused" };
    if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|getaddrinfo/.test(all)) {
      const host = /getaddrinfo \S+ (\S+)/.exec(message)?.[1];
      return { kind: "dns", reason: host ? `host "${host}" not found` : "host not found" };
    }
    if (TLS_PATTERN.test(message)) {
      return { kind: "tls", reason: `TLS failed: ${message.split("\n")[0]}` };
    }
    if (
      /ETIMEDOUT/.test(all) || e.name === "KafkaJSRequestTimeoutError" ||
      /Connection timeout|Request .* timed out/i.test(message)
    ) {
      return { kind: "timeout", reason: "timed out" };
    }
    if (/EHOSTUNREACH|ENETUNREACH/.test(all)) {
      return { kind: "unreachable", reason: "no route to host" };
    }
    if (
      e.name === "KafkaJSConnectionClosedError" || /ECONNRESET|EPIPE/.test(all) ||
      /Closed connection/i.test(message)
    ) {
      return { kind: "closed", reason: "connection closed by the broker" };
    }
    if (/Broker not connected/i.test(message)) {
      return { kind: "no-answer", reason: "no answer from the broker" };
    }
    if (e.name === "KafkaJSNoBrokerAvailableError" || e.name === "KafkaJSBrokerNotFound") {
      return { kind: "no-broker", reason: "no broker available" };
    }
  }
  return undefined;
}

/**
 * Whether trying again later can help: the broker is unreachable or still starting up.
 * TLS and authentication failures, and refused requests, are not retried.
 */
export function isTransientFailure(error: unknown): boolean {
  if (isAuthenticationFailure(error)) return false;
  const failure = connectFailure(error);
  if (failure) return failure.kind !== "tls";
  const protocolError = errorChain(error).find((e) => typeof e.type === "string");
  if (protocolError === undefined || AUTHORIZATION_TYPES.has(String(protocolError.type))) {
    return false;
  }
  return protocolError.retriable === true;
}

/** Removes the SASL password and key passphrase from text that came from elsewhere. */
export function redactSecrets(message: string, security: SecuritySettings | undefined): string {
  let out = message;
  for (const secret of [security?.sasl?.password, security?.ssl?.keyPassword]) {
    if (secret) out = out.split(secret).join("***");
  }
  return out;
}

function firstLine(error: unknown): string {
  for (const e of errorChain(error).reverse()) {
    const message = text(e.message).split("\n")[0];
    if (message) return message;
  }
  return String(error);
}

/** `authentication failed for user "x" (SASL mechanism SCRAM-SHA-256)`, exit 3. */
export function authenticationError(error: unknown, context: KafkaErrorContext): KafkaError {
  const sasl = context.security?.sasl;
  const user = sasl ? ` for user "${sasl.username}"` : "";
  const detail = protocolErrorTypes(error).includes("UNSUPPORTED_SASL_MECHANISM")
    ? `the broker does not enable SASL mechanism ${sasl?.mechanism ?? "in use"}`
    : `SASL mechanism ${sasl?.mechanism ?? "unknown"}`;
  return new KafkaError(`authentication failed${user} (${detail})`, ExitCode.AuthenticationFailed, {
    cause: error,
  });
}

/** `cannot reach Kafka at h:p after 10 attempts (connection refused)`, exit 1. */
export function unreachableError(
  failure: ConnectFailure,
  context: KafkaErrorContext,
  attempts?: number,
): KafkaError {
  const where = brokerAddresses(context.brokers);
  if (failure.kind === "tls") {
    return new KafkaError(`TLS connection to Kafka at ${where} failed (${failure.reason})`);
  }
  const after = attempts === undefined
    ? ""
    : ` after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
  return new KafkaError(`cannot reach Kafka at ${where}${after} (${failure.reason})`);
}

/** Any kafkajs error as a one-line KafkaError naming what failed and what to check. */
export function toKafkaError(error: unknown, context: KafkaErrorContext): KafkaError {
  if (error instanceof KafkaError) return error;
  const where = brokerAddresses(context.brokers);
  if (isAuthenticationFailure(error)) return authenticationError(error, context);
  const types = protocolErrorTypes(error);
  const denied = types.find((t) => AUTHORIZATION_TYPES.has(t));
  const type = denied ?? types.find((t) => t !== "TOPIC_ALREADY_EXISTS") ?? types[0];
  const topicOfError = errorChain(error).map((e) => text(e.topic)).find((t) => t !== "");
  const topic = context.topic ?? topicOfError;
  if (type !== undefined && AUTHORIZATION_TYPES.has(type)) {
    const action = context.action ??
      (topic ? `use topic ${topic}` : `do this on Kafka at ${where}`);
    return new KafkaError(`not allowed to ${action} (${type})`, ExitCode.AuthorizationFailed, {
      cause: error,
    });
  }
  if (type === "UNKNOWN_TOPIC_OR_PARTITION") {
    const subject = topic ? `topic ${topic} does not exist` : "a topic or partition does not exist";
    return new KafkaError(`${subject} on Kafka at ${where}`, ExitCode.Failure, { cause: error });
  }
  const failure = connectFailure(error);
  if (failure) return unreachableError(failure, context);
  const message = redactSecrets(firstLine(error), context.security);
  const action = context.action ? `cannot ${context.action}: ` : "Kafka error: ";
  return new KafkaError(`${action}${message}${type ? ` (${type})` : ""}`, ExitCode.Failure, {
    cause: error,
  });
}
