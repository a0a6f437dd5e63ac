/**
 * Kafka connection settings shared by produce and consume: bootstrap servers, connect retries,
 * SASL and TLS. Resolution is pure; reading the CA/cert/key/password files happens at the edge
 * through the injected `readTextFile`.
 */
import { UsageError } from "../errors.ts";
import {
  CONNECTION_DEFAULTS,
  SASL_MECHANISMS,
  type SaslMechanism,
  SECURITY_PROTOCOLS,
  type SecurityProtocol,
} from "./kafka_values.ts";
import { defineSettings, resolveSetting, resolveSettings } from "./settings.ts";
import type { Sources } from "./sources.ts";
import { parseChoice, parseDuration, parseInteger, parseList } from "./values.ts";

/** What the user asked for, before any file is read. */
export interface KafkaOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly protocol: SecurityProtocol;
  readonly sasl?: {
    readonly mechanism: SaslMechanism;
    readonly username: string;
    /** Given inline (env or .env), or read from `passwordFile`. */
    readonly password?: string;
    readonly passwordFile?: string;
  };
  readonly ssl?: {
    readonly caFile?: string;
    readonly certFile?: string;
    readonly keyFile?: string;
    readonly keyPassword?: string;
  };
}

const text = (raw: string) => raw;

function brokerList(raw: string, label: string): string[] {
  const brokers = parseList(raw, label, /^[^\s,]+$/);
  for (const broker of brokers) {
    const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(broker);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      throw new UsageError(
        `${label} must list host:port pairs such as localhost:9092, got ${JSON.stringify(broker)}`,
      );
    }
  }
  return brokers;
}

/** The connection settings, shared by produce and consume. */
export const KAFKA_SETTINGS = defineSettings({
  brokers: {
    flag: "-b, --bootstrap-server <list>",
    env: "KAFKA_BOOTSTRAP_SERVERS",
    parse: brokerList,
    fallback: CONNECTION_DEFAULTS.brokers,
    literal: CONNECTION_DEFAULTS.brokers.join(","),
    help: "Kafka brokers, comma-separated",
  },
  retries: {
    flag: "--retries <n>",
    env: "KAFKA_RETRIES",
    parse: (raw: string, label: string) => parseInteger(raw, label, 1, 1000),
    fallback: CONNECTION_DEFAULTS.retries,
    literal: "10",
    help: "connection attempts before giving up",
  },
  retryDelayMs: {
    flag: "--retry-delay <duration>",
    env: "KAFKA_RETRY_DELAY",
    parse: parseDuration,
    fallback: CONNECTION_DEFAULTS.retryDelayMs,
    literal: "5s",
    help: "wait between connection attempts",
  },
  clientId: {
    env: "KAFKA_CLIENT_ID",
    parse: text,
    fallback: CONNECTION_DEFAULTS.clientId,
    literal: CONNECTION_DEFAULTS.clientId,
    help: "the Kafka client id",
  },
  protocol: {
    flag: "--security-protocol <p>",
    env: "KAFKA_SECURITY_PROTOCOL",
    parse: (raw: string, label: string) => parseChoice(raw, label, SECURITY_PROTOCOLS),
    fallback: undefined as SecurityProtocol | undefined,
    note: "PLAINTEXT, or what the SASL/TLS settings imply",
    help: "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL",
  },
  mechanism: {
    flag: "--sasl-mechanism <m>",
    env: "KAFKA_SASL_MECHANISM",
    parse: (raw: string, label: string) => parseChoice(raw, label, SASL_MECHANISMS),
    fallback: undefined as SaslMechanism | undefined,
    note: "PLAIN",
    help: "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512",
  },
  username: {
    flag: "--sasl-username <name>",
    env: "KAFKA_SASL_USERNAME",
    parse: text,
    fallback: undefined as string | undefined,
    help: "SASL user",
  },
  passwordFile: {
    flag: "--sasl-password-file <path>",
    env: "KAFKA_SASL_PASSWORD_FILE",
    parse: text,
    fallback: undefined as string | undefined,
    help: "file holding the SASL password; or set KAFKA_SASL_PASSWORD",
  },
  password: {
    env: "KAFKA_SASL_PASSWORD",
    parse: text,
    fallback: undefined as string | undefined,
    help: "the SASL password itself",
  },
  caFile: {
    flag: "--ssl-ca <path>",
    env: "KAFKA_SSL_CA_LOCATION",
    parse: text,
    fallback: undefined as string | undefined,
    note: "the system CAs",
    help: "CA certificate (PEM) to verify brokers",
  },
  certFile: {
    flag: "--ssl-cert <path>",
    env: "KAFKA_SSL_CERT_LOCATION",
    parse: text,
    fallback: undefined as string | undefined,
    help: "client certificate (PEM) for mutual TLS",
  },
  keyFile: {
    flag: "--ssl-key <path>",
    env: "KAFKA_SSL_KEY_LOCATION",
    parse: text,
    fallback: undefined as string | undefined,
    help: "client private key (PEM) for mutual TLS",
  },
  keyPassword: {
    env: "KAFKA_SSL_KEY_PASSWORD",
    parse: text,
    fallback: undefined as string | undefined,
    help: "password of an encrypted client key",
  },
});

/** Resolves the connection settings from flags > env > .env > defaults. Pure. */
export function resolveKafkaOptions(sources: Sources): KafkaOptions {
  const {
    brokers,
    retries,
    retryDelayMs,
    clientId,
    mechanism,
    username,
    password,
    passwordFile,
    caFile,
    certFile,
    keyFile,
    keyPassword,
  } = resolveSettings(KAFKA_SETTINGS, sources);
  const usesSasl = mechanism !== undefined || username !== undefined;
  const usesSsl = caFile !== undefined || certFile !== undefined || keyFile !== undefined;
  const defaultProtocol: SecurityProtocol = usesSasl
    ? (usesSsl ? "SASL_SSL" : "SASL_PLAINTEXT")
    : (usesSsl ? "SSL" : "PLAINTEXT");
  const protocol = resolveSetting(KAFKA_SETTINGS.protocol, sources) ?? defaultProtocol;

  let sasl: KafkaOptions["sasl"];
  if (protocol === "SASL_PLAINTEXT" || protocol === "SASL_SSL") {
    if (username === undefined) {
      throw new UsageError(
        `${protocol} needs a user name: set KAFKA_SASL_USERNAME or --sasl-username`,
      );
    }
    if (password === undefined && passwordFile === undefined) {
      throw new UsageError(
        `${protocol} needs a password: set KAFKA_SASL_PASSWORD (env or .env) or KAFKA_SASL_PASSWORD_FILE`,
      );
    }
    sasl = {
      mechanism: mechanism ?? "PLAIN",
      username,
      ...(password !== undefined ? { password } : {}),
      ...(passwordFile !== undefined ? { passwordFile } : {}),
    };
  } else if (usesSasl) {
    throw new UsageError(
      `SASL settings need --security-protocol SASL_PLAINTEXT or SASL_SSL, got ${protocol}`,
    );
  }
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError(
      "mutual TLS needs both a client certificate and its key (--ssl-cert and --ssl-key)",
    );
  }
  const ssl = protocol === "SSL" || protocol === "SASL_SSL"
    ? {
      ...(caFile !== undefined ? { caFile } : {}),
      ...(certFile !== undefined ? { certFile } : {}),
      ...(keyFile !== undefined ? { keyFile } : {}),
      ...(keyPassword !== undefined ? { keyPassword } : {}),
    }
    : undefined;
  if (ssl === undefined && usesSsl) {
    throw new UsageError(`TLS files need --security-protocol SSL or SASL_SSL, got ${protocol}`);
  }
  return {
    brokers,
    clientId,
    retries,
    retryDelayMs,
    protocol,
    ...(sasl ? { sasl } : {}),
    ...(ssl ? { ssl } : {}),
  };
}
