/**
 * Every environment variable telemetra-mock reads: the single source of truth for the CLI edge
 * (which reads only these) and for the compiled binary's `--allow-env` list.
 */

/** Variables of the tool itself (documented in the README). */
export const TOOL_ENV_VARS = [
  // The seed producer's variables.
  "KAFKA_BOOTSTRAP_SERVERS",
  "CHANNELS",
  "RATE_PER_SEC",
  "MESSAGE_VARIANTS",
  "LOG_LEVEL",
  "PRODUCE_CHAT",
  "PRODUCE_VIEWER",
  "PRODUCE_TRANSACTIONS",
  "PRODUCE_STREAM_META",
  // The realistic profile.
  "PROFILE",
  "SPEED",
  "VIEWER_INTERVAL",
  // Connection and security.
  "KAFKA_RETRIES",
  "KAFKA_RETRY_DELAY",
  "KAFKA_CLIENT_ID",
  "KAFKA_SECURITY_PROTOCOL",
  "KAFKA_SASL_MECHANISM",
  "KAFKA_SASL_USERNAME",
  "KAFKA_SASL_PASSWORD",
  "KAFKA_SASL_PASSWORD_FILE",
  "KAFKA_SSL_CA_LOCATION",
  "KAFKA_SSL_CERT_LOCATION",
  "KAFKA_SSL_KEY_LOCATION",
  "KAFKA_SSL_KEY_PASSWORD",
  // Topics and producing.
  "TOPIC_PREFIX",
  "TOPIC_PARTITIONS",
  "TOPIC_REPLICATION_FACTOR",
  "COMPRESSION",
  "BATCH_SIZE",
  "LINGER",
  "SEED",
  "STATS_EVERY",
  "METRICS_PORT",
  "WORKERS",
  "SHUTDOWN_TIMEOUT",
  "TRUTH_DIR",
  "TRUTH_WINDOW",
  "TRUTH_LATENESS",
  "LATE",
  "DUPLICATES",
  "MALFORMED",
  // Scaling out (--shard auto).
  "SHARD",
  "RUN_NAME",
  "COORDINATION_TOPIC",
  "SESSION_TIMEOUT",
  // Conventions honoured for output.
  "NO_COLOR",
] as const;

/** Variables our dependencies read (kafkajs when it is imported, commander when it prints
 * help, postgres.js when verify connects: libpq's PG* conventions and the OS user name);
 * listed so a narrow `--allow-env` does not make them throw. */
export const DEPENDENCY_ENV_VARS = [
  "CLICOLOR_FORCE",
  "NODE_ENV",
  "KAFKAJS_LOG_LEVEL",
  "KAFKAJS_NO_PARTITIONER_WARNING",
  "KAFKAJS_DEBUG_PROTOCOL_BUFFERS",
  "KAFKAJS_DEBUG_EXTENDED_PROTOCOL_BUFFERS",
  "PGHOST",
  "PGPORT",
  "PGUSER",
  "PGUSERNAME",
  "PGPASSWORD",
  "PGDATABASE",
  "PGAPPNAME",
  "PGTARGETSESSIONATTRS",
  "PGSSL",
  "PGSSLNEGOTIATION",
  "PGMAX_LIFETIME",
  "PGMAX_PIPELINE",
  "PGBACKOFF",
  "PGKEEP_ALIVE",
  "PGPREPARE",
  "PGDEBUG",
  "PGFETCH_TYPES",
  "PGPUBLICATIONS",
  "PGTARGET_SESSION_ATTRS",
  "USER",
  "USERNAME",
  "LOGNAME",
] as const;

/** Set by the platform, not the user: a container's or pod's name names a --shard auto replica. */
export const PLATFORM_ENV_VARS = ["HOSTNAME"] as const;

/**
 * Variables only the tests set: `TELEMETRA_TEST_WORKER_FAULT=i:n` makes produce's worker i
 * (1-based) die after n batches, to prove a dying worker fails the run.
 */
export const TEST_ENV_VARS = ["TELEMETRA_TEST_WORKER_FAULT"] as const;

export const ENV_VARS: readonly string[] = [
  ...TOOL_ENV_VARS,
  ...DEPENDENCY_ENV_VARS,
  ...PLATFORM_ENV_VARS,
  ...TEST_ENV_VARS,
];
