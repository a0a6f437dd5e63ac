/**
 * The Kafka words and defaults the settings accept, defined once: the config layer parses them
 * and src/kafka/ takes them as they are.
 */

/** `security.protocol` in the words of the Java client and librdkafka. */
export const SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
export type SecurityProtocol = typeof SECURITY_PROTOCOLS[number];

/** `sasl.mechanism` names as Kafka documents them. */
export const SASL_MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;
export type SaslMechanism = typeof SASL_MECHANISMS[number];

/** Record batch codecs; snappy is the seed producer's. */
export const COMPRESSIONS = ["none", "gzip", "snappy"] as const;
export type Compression = typeof COMPRESSIONS[number];

/** The seed's connection: 10 attempts, 5 s apart, as client `telemetra-mock`. */
export const CONNECTION_DEFAULTS = {
  brokers: ["kafka:9092"] as readonly string[],
  clientId: "telemetra-mock",
  retries: 10,
  retryDelayMs: 5000,
} as const;
