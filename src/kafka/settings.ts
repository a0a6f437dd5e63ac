/**
 * How to reach Kafka: plain data, resolved by the config layer and handed to `createKafka`.
 * No kafkajs here.
 */
import type { KafkaOptions } from "../config/kafka.ts";
import { UsageError } from "../errors.ts";
import {
  CONNECTION_DEFAULTS,
  type SaslMechanism,
  type SecurityProtocol,
} from "../config/kafka_values.ts";

export type { SaslMechanism };

export interface SaslSettings {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  /** Never logged, never part of an error message. */
  readonly password: string;
}

/** TLS material as PEM text (files are read by the edge, not here). */
export interface SslSettings {
  /** CA certificate(s) that sign the brokers' certificates; the system store when absent. */
  readonly ca?: string;
  /** Client certificate and key for mutual TLS: both or neither. */
  readonly cert?: string;
  readonly key?: string;
  /** Passphrase of an encrypted `key`. Never logged. */
  readonly keyPassword?: string;
  /** Verify the broker's certificate chain and host name (default true). */
  readonly rejectUnauthorized?: boolean;
}

export interface SecuritySettings {
  readonly protocol: SecurityProtocol;
  /** Required for SASL_PLAINTEXT and SASL_SSL, refused otherwise. */
  readonly sasl?: SaslSettings;
  /** Used by SSL and SASL_SSL, refused otherwise. */
  readonly ssl?: SslSettings;
}

export interface KafkaSettings {
  /** `host:port` pairs, from KAFKA_BOOTSTRAP_SERVERS / --bootstrap-server. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Connection attempts before giving up (at least 1). */
  readonly retries: number;
  /** Wait between connection attempts. */
  readonly retryDelayMs: number;
  readonly security: SecuritySettings;
  /** TCP connect (and TLS handshake) timeout per broker. */
  readonly connectionTimeoutMs?: number;
  /** How long to wait for a broker's answer to one request. */
  readonly requestTimeoutMs?: number;
}

export const PLAINTEXT: SecuritySettings = { protocol: "PLAINTEXT" };

/** The seeds' behaviour: 10 attempts, 5 s apart, as client `telemetra-mock`, unencrypted. */
export const DEFAULT_KAFKA_SETTINGS: KafkaSettings = {
  ...CONNECTION_DEFAULTS,
  security: PLAINTEXT,
  connectionTimeoutMs: 5000,
  requestTimeoutMs: 30000,
};

/** `a:9092,b:9092`: how messages name the cluster. */
export function brokerAddresses(brokers: readonly string[]): string {
  return brokers.join(",");
}

/** A one-line description without secrets, e.g. `SASL_SSL, SCRAM-SHA-256 as user "alice"`. */
export function describeSecurity(security: SecuritySettings): string {
  const parts: string[] = [security.protocol];
  if (security.sasl) parts.push(`${security.sasl.mechanism} as user "${security.sasl.username}"`);
  if (security.ssl?.ca !== undefined) parts.push("custom CA");
  if (security.ssl?.cert !== undefined) parts.push("client certificate");
  if (security.ssl?.rejectUnauthorized === false) parts.push("certificate checks OFF");
  return parts.join(", ");
}

/** Reads a file's text; injected so resolution stays testable (the CLI passes Deno's). */
export type ReadTextFile = (path: string) => string;

function readSecretFile(read: ReadTextFile, path: string, what: string): string {
  try {
    return read(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(":")[0] : String(error);
    throw new UsageError(`cannot read ${what} ${JSON.stringify(path)} (${reason})`);
  }
}

/** The settings src/kafka/ connects with, from what the user asked for: options plus the CA, certificate, key and password files read. */
export function toKafkaSettings(options: KafkaOptions, read: ReadTextFile): KafkaSettings {
  const sasl = options.sasl
    ? {
      mechanism: options.sasl.mechanism,
      username: options.sasl.username,
      password: options.sasl.password ??
        readSecretFile(read, options.sasl.passwordFile!, "SASL password file").replace(
          /\r?\n$/,
          "",
        ),
    }
    : undefined;
  const ssl = options.ssl
    ? {
      ...(options.ssl.caFile !== undefined
        ? { ca: readSecretFile(read, options.ssl.caFile, "CA file") }
        : {}),
      ...(options.ssl.certFile !== undefined
        ? { cert: readSecretFile(read, options.ssl.certFile, "client certificate") }
        : {}),
      ...(options.ssl.keyFile !== undefined
        ? { key: readSecretFile(read, options.ssl.keyFile, "client key") }
        : {}),
      ...(options.ssl.keyPassword !== undefined ? { keyPassword: options.ssl.keyPassword } : {}),
    }
    : undefined;
  return {
    brokers: options.brokers,
    clientId: options.clientId,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    security: {
      protocol: options.protocol,
      ...(sasl ? { sasl } : {}),
      ...(ssl ? { ssl } : {}),
    },
  };
}
