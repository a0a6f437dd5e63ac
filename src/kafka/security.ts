/**
 * SecuritySettings → kafkajs `ssl` / `sasl` options. Pure: the PEM text and the password are
 * already in the settings; nothing is read or logged here.
 */
import { createPrivateKey } from "node:crypto";
import type { ConnectionOptions } from "node:tls";
import type { SASLOptions } from "kafkajs";
import { UsageError } from "../errors.ts";
import type { SaslMechanism, SecuritySettings, SslSettings } from "./settings.ts";

export interface KafkajsSecurityOptions {
  readonly ssl?: ConnectionOptions;
  readonly sasl?: SASLOptions;
}

const KAFKAJS_MECHANISM = {
  "PLAIN": "plain",
  "SCRAM-SHA-256": "scram-sha-256",
  "SCRAM-SHA-512": "scram-sha-512",
} as const satisfies Record<SaslMechanism, string>;

/**
 * The client key as unencrypted PEM: Deno's TLS cannot use an encrypted key with a passphrase
 * ("No keys found in key data"), so an encrypted (PKCS#8) key is decrypted here, in memory.
 */
function decryptedKey(key: string, passphrase: string): string {
  try {
    return String(createPrivateKey({ key, passphrase }).export({ type: "pkcs8", format: "pem" }));
  } catch {
    throw new UsageError(
      "cannot decrypt the client key (KAFKA_SSL_KEY_LOCATION) with KAFKA_SSL_KEY_PASSWORD: wrong password, or not an encrypted PKCS#8 PEM key (convert one with openssl pkcs8 -topk8)",
    );
  }
}

function tlsOptions(ssl: SslSettings | undefined): ConnectionOptions {
  if ((ssl?.cert === undefined) !== (ssl?.key === undefined)) {
    throw new UsageError(
      "mutual TLS needs both a client certificate and its key (KAFKA_SSL_CERT_LOCATION and KAFKA_SSL_KEY_LOCATION)",
    );
  }
  return {
    rejectUnauthorized: ssl?.rejectUnauthorized ?? true,
    ...(ssl?.ca !== undefined ? { ca: ssl.ca } : {}),
    ...(ssl?.cert !== undefined ? { cert: ssl.cert } : {}),
    ...(ssl?.key !== undefined
      ? { key: ssl.keyPassword !== undefined ? decryptedKey(ssl.key, ssl.keyPassword) : ssl.key }
      : {}),
  };
}

/** Maps the protocol and its material to what `new Kafka({ ssl, sasl })` expects. */
export function kafkajsSecurityOptions(security: SecuritySettings): KafkajsSecurityOptions {
  const { protocol, sasl, ssl } = security;
  const usesTls = protocol === "SSL" || protocol === "SASL_SSL";
  const usesSasl = protocol === "SASL_PLAINTEXT" || protocol === "SASL_SSL";
  if (!usesTls && ssl !== undefined) {
    throw new UsageError(`TLS settings need security protocol SSL or SASL_SSL, got ${protocol}`);
  }
  if (!usesSasl && sasl !== undefined) {
    throw new UsageError(
      `SASL settings need security protocol SASL_PLAINTEXT or SASL_SSL, got ${protocol}`,
    );
  }
  if (usesSasl && sasl === undefined) {
    throw new UsageError(
      `${protocol} needs a SASL user name and password (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD)`,
    );
  }
  return {
    ...(usesTls ? { ssl: tlsOptions(ssl) } : {}),
    ...(sasl !== undefined
      ? {
        sasl: {
          mechanism: KAFKAJS_MECHANISM[sasl.mechanism],
          username: sasl.username,
          password: sasl.password,
        },
      }
      : {}),
  };
}
