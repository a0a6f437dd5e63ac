/**
 * Connecting with the seeds' patience: N attempts, a fixed delay apart, each one logged, then one
 * line saying why the cluster could not be reached. Failures that waiting cannot fix
 * (credentials, TLS, ACLs) end it at once.
 */
import { getLogger, type Logger } from "@logtape/logtape";
import { ExitCode, KafkaError } from "../errors.ts";
import {
  authenticationError,
  connectFailure,
  isAuthenticationFailure,
  isTransientFailure,
  toKafkaError,
  unreachableError,
} from "./errors.ts";
import { brokerAddresses, type SecuritySettings } from "./settings.ts";

/** The part of KafkaSettings that governs connecting. */
export interface RetryPolicy {
  readonly brokers: readonly string[];
  /** Attempts in all (at least 1). */
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly security?: SecuritySettings;
}

export interface ConnectOptions {
  /** Aborting stops waiting at once; connectWithRetry then throws an interrupted KafkaError. */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** Injected in tests; resolves after `ms` or when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects, leaves no timer behind). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** `5s`, `1.5s`, `250ms`: how the delay reads in logs. */
export function formatDelay(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))}s` : `${ms}ms`;
}

function interrupted(where: string): KafkaError {
  return new KafkaError(`interrupted while connecting to Kafka at ${where}`, ExitCode.Interrupted);
}

/**
 * Runs `connect` until it succeeds, at most `policy.retries` times, `policy.retryDelayMs` apart.
 * `what` names the client in logs ("producer", "admin", "consumer").
 * Throws a KafkaError: unreachable after all attempts (exit 1), authentication failed (exit 3),
 * or anything else kafkajs reported, classified by `toKafkaError`.
 */
export async function connectWithRetry<T>(
  what: string,
  connect: () => Promise<T>,
  policy: RetryPolicy,
  options: ConnectOptions = {},
): Promise<T> {
  const log = options.logger ?? getLogger(["telemetra", "kafka", "connect"]);
  const sleep = options.sleep ?? abortableSleep;
  const where = brokerAddresses(policy.brokers);
  const attempts = Math.max(1, Math.floor(policy.retries));
  const context = { brokers: policy.brokers, security: policy.security };
  for (let attempt = 1;; attempt++) {
    if (options.signal?.aborted) throw interrupted(where);
    const props = { what, where, attempt, attempts };
    if (attempt === 1) log.debug("Connecting {what} to Kafka at {where}", props);
    else log.info("Connecting to Kafka at {where} (attempt {attempt}/{attempts})…", props);
    try {
      const connected = await connect();
      if (attempt > 1) {
        log.info("Connected to Kafka at {where} after {attempt} attempts", props);
      } else log.debug("Connected {what} to Kafka at {where}", props);
      return connected;
    } catch (error) {
      if (isAuthenticationFailure(error)) throw authenticationError(error, context);
      const failure = connectFailure(error);
      if (!isTransientFailure(error)) throw toKafkaError(error, context);
      const reason = failure?.reason ?? "broker not ready";
      if (attempt >= attempts) {
        throw unreachableError(failure ?? { kind: "no-broker", reason }, context, attempts);
      }
      log.warn("Cannot reach Kafka at {where} ({reason}); retrying in {delay}", {
        ...props,
        reason,
        delay: formatDelay(policy.retryDelayMs),
      });
      await sleep(policy.retryDelayMs, options.signal);
    }
  }
}

/** What kafkajs' producers, consumers and admins have in common. */
export interface ConnectableClient {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * `connectWithRetry` for a kafkajs client, disconnecting it after each failed attempt: kafkajs
 * keeps a socket whose handshake timed out and would call it connected on the next try.
 */
export async function connectClient<C extends ConnectableClient>(
  what: string,
  client: C,
  policy: RetryPolicy,
  options: ConnectOptions = {},
): Promise<C> {
  const attempt = async () => {
    try {
      await client.connect();
    } catch (error) {
      await client.disconnect().catch(() => {});
      throw error;
    }
  };
  await connectWithRetry(what, attempt, policy, options);
  return client;
}
