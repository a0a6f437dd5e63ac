/**
 * Kafka connection settings shared by produce and consume: bootstrap servers, connect retries,
 * SASL and TLS. Resolution is pure; reading the CA/cert/key/password files happens at the edge
 * through the injected `readTextFile`.
 */
import type { Command } from "commander";
import { UsageError } from "../errors.ts";
import type { KafkaSettings } from "../kafka/settings.ts";
import { setting, type Sources } from "./sources.ts";
import { parseChoice, parseDuration, parseInteger, parseList } from "./values.ts";

export const SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
export type SecurityProtocol = typeof SECURITY_PROTOCOLS[number];
export const SASL_MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;
export type SaslMechanismName = typeof SASL_MECHANISMS[number];

/** What the user asked for, before any file is read. */
export interface KafkaOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly protocol: SecurityProtocol;
  readonly sasl?: {
    readonly mechanism: SaslMechanismName;
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

export const DEFAULT_BOOTSTRAP = "kafka:9092";

/** Adds the shared connection flags to a subcommand. */
export function addKafkaOptions(cmd: Command): Command {
  return cmd
    .option(
      "-b, --bootstrap-server <list>",
      `Kafka brokers, comma-separated (env KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT_BOOTSTRAP})`,
    )
    .option("--retries <n>", "connection attempts before giving up (env KAFKA_RETRIES, default 10)")
    .option(
      "--retry-delay <duration>",
      "wait between connection attempts (env KAFKA_RETRY_DELAY, default 5s)",
    )
    .option(
      "--security-protocol <p>",
      "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (env KAFKA_SECURITY_PROTOCOL)",
    )
    .option(
      "--sasl-mechanism <m>",
      "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (env KAFKA_SASL_MECHANISM)",
    )
    .option("--sasl-username <name>", "SASL user (env KAFKA_SASL_USERNAME)")
    .option(
      "--sasl-password-file <path>",
      "file holding the SASL password (env KAFKA_SASL_PASSWORD_FILE; or KAFKA_SASL_PASSWORD)",
    )
    .option("--ssl-ca <path>", "CA certificate (PEM) to verify brokers (env KAFKA_SSL_CA_LOCATION)")
    .option(
      "--ssl-cert <path>",
      "client certificate (PEM) for mutual TLS (env KAFKA_SSL_CERT_LOCATION)",
    )
    .option(
      "--ssl-key <path>",
      "client private key (PEM) for mutual TLS (env KAFKA_SSL_KEY_LOCATION)",
    );
}

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

const text = (raw: string) => raw;

/** Resolves the connection settings from flags > env > .env > defaults. Pure. */
export function resolveKafkaOptions(sources: Sources): KafkaOptions {
  const flag = (key: string, name: string) => ({ key, name });
  const brokers = setting(
    sources,
    flag("bootstrapServer", "--bootstrap-server"),
    "KAFKA_BOOTSTRAP_SERVERS",
    brokerList,
    [DEFAULT_BOOTSTRAP],
  );
  const retries = setting(
    sources,
    flag("retries", "--retries"),
    "KAFKA_RETRIES",
    (raw, label) => parseInteger(raw, label, 1, 1000),
    10,
  );
  const retryDelayMs = setting(
    sources,
    flag("retryDelay", "--retry-delay"),
    "KAFKA_RETRY_DELAY",
    parseDuration,
    5000,
  );
  const clientId = setting(sources, undefined, "KAFKA_CLIENT_ID", text, "telemetra-mock");
  const mechanism = setting<SaslMechanismName | undefined>(
    sources,
    flag("saslMechanism", "--sasl-mechanism"),
    "KAFKA_SASL_MECHANISM",
    (raw, label) => parseChoice(raw, label, SASL_MECHANISMS),
    undefined,
  );
  const username = setting<string | undefined>(
    sources,
    flag("saslUsername", "--sasl-username"),
    "KAFKA_SASL_USERNAME",
    text,
    undefined,
  );
  const password = setting<string | undefined>(
    sources,
    undefined,
    "KAFKA_SASL_PASSWORD",
    text,
    undefined,
  );
  const passwordFile = setting<string | undefined>(
    sources,
    flag("saslPasswordFile", "--sasl-password-file"),
    "KAFKA_SASL_PASSWORD_FILE",
    text,
    undefined,
  );
  const caFile = setting<string | undefined>(
    sources,
    flag("sslCa", "--ssl-ca"),
    "KAFKA_SSL_CA_LOCATION",
    text,
    undefined,
  );
  const certFile = setting<string | undefined>(
    sources,
    flag("sslCert", "--ssl-cert"),
    "KAFKA_SSL_CERT_LOCATION",
    text,
    undefined,
  );
  const keyFile = setting<string | undefined>(
    sources,
    flag("sslKey", "--ssl-key"),
    "KAFKA_SSL_KEY_LOCATION",
    text,
    undefined,
  );
  const keyPassword = setting<string | undefined>(
    sources,
    undefined,
    "KAFKA_SSL_KEY_PASSWORD",
    text,
    undefined,
  );
  const usesSasl = mechanism !== undefined || username !== undefined;
  const usesSsl = caFile !== undefined || certFile !== undefined || keyFile !== undefined;
  const defaultProtocol: SecurityProtocol = usesSasl
    ? (usesSsl ? "SASL_SSL" : "SASL_PLAINTEXT")
    : (usesSsl ? "SSL" : "PLAINTEXT");
  const protocol = setting(
    sources,
    flag("securityProtocol", "--security-protocol"),
    "KAFKA_SECURITY_PROTOCOL",
    (raw, label) => parseChoice(raw, label, SECURITY_PROTOCOLS),
    defaultProtocol,
  );

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

/** The settings src/kafka/ connects with: options plus the CA, certificate, key and password files read. */
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

/** Flags > env > .env > defaults, then the files read: what produce and consume connect with. */
export function resolveKafkaSettings(sources: Sources, read: ReadTextFile): KafkaSettings {
  return toKafkaSettings(resolveKafkaOptions(sources), read);
}
