/**
 * The bad-input table: every flag and environment variable of every subcommand with a malformed
 * value, every kind of malformed payload, and the failures a user meets (broker unreachable,
 * topic missing, a full disk), each with its documented exit code and the one `error:` line.
 *
 * Placeholders in `args` are filled in by the walker: {cwd} (the row's own directory, holding
 * the payload files of payloads.ts), {broker} (the test broker), {closed} (a port nobody
 * listens on), {garbage} (a topic holding malformed records).
 */
import { ExitCode } from "../../src/errors.ts";

export interface Row {
  /** What is malformed, as the test names it. */
  readonly what: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** A .env file written in the row's directory. */
  readonly dotenv?: string;
  /** Standard input: text, or a payload file name (from payloads.ts) prefixed with "@". */
  readonly stdin?: string;
  readonly code: number;
  /** The one `error:` line; undefined when the command reports on stdout instead (validate). */
  readonly error?: RegExp;
  /** What stdout must show (validate's report, consume's records). */
  readonly stdout?: RegExp;
  /** Besides the error line, stderr holds more than log lines (consume's statistics table). */
  readonly freeStderr?: boolean;
  /** Run as a real process through `sh -c` (stdout redirected to a full disk, slow timeouts). */
  readonly shell?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The error names the setting (`--rate`, `RATE_PER_SEC`, `RATE_PER_SEC (from .env)`) and the value. */
function names(label: string, value: string): RegExp {
  return new RegExp(`^error: ${escape(label)}(?![\\w-]).*${escape(JSON.stringify(value))}`);
}

/** Three rows for one setting: given as a flag, as an env variable and in .env. */
function setting(
  base: readonly string[],
  flag: string | undefined,
  env: string | undefined,
  bad: string,
  /** Whether the subcommand reads .env (health, a container probe, does not). */
  readsDotenv = true,
): Row[] {
  const rows: Row[] = [];
  if (flag !== undefined) {
    rows.push({
      what: `${flag} ${JSON.stringify(bad)}`,
      args: [...base, `${flag}=${bad}`],
      code: ExitCode.Usage,
      error: names(flag, bad),
    });
  }
  if (env !== undefined) {
    rows.push({
      what: `${env}=${JSON.stringify(bad)}`,
      args: base,
      env: { [env]: bad },
      code: ExitCode.Usage,
      error: names(env, bad),
    });
  }
  if (env !== undefined && readsDotenv) {
    rows.push(
      {
        what: `${env}=${JSON.stringify(bad)} in .env`,
        args: base,
        dotenv: `${env}=${bad}\n`,
        code: ExitCode.Usage,
        // .env values are trimmed when the file is read.
        error: names(`${env} (from .env)`, bad.trim()),
      },
    );
  }
  return rows;
}

/** A bad topic prefix is reported through the topic name it makes, e.g. "a b.chat". */
function prefixRows(base: readonly string[], bad: string): Row[] {
  const error = new RegExp(`^error: topic name contains ${escape(JSON.stringify(`${bad}chat`))}`);
  return setting(base, "--topic-prefix", "TOPIC_PREFIX", bad).map((row) => ({ ...row, error }));
}

const usage = (
  what: string,
  args: readonly string[],
  error: RegExp,
  env?: Record<string, string>,
): Row => ({
  what,
  args,
  code: ExitCode.Usage,
  error,
  ...(env ? { env } : {}),
});

const PRODUCE = ["produce", "--stdout", "--count", "1"];
/** Bad connection settings fail before any connection; the closed port only bounds a surprise. */
const PRODUCE_KAFKA = ["produce", "--count", "1", "-b", "127.0.0.1:{closed}"];
const CONSUME = ["consume", "-e", "-b", "127.0.0.1:{closed}"];
const ONE_ATTEMPT = ["--retries", "1"];

/** The connection settings shared by produce and consume. */
function kafkaRows(base: readonly string[]): Row[] {
  const cmd = base[0]!;
  return [
    ...setting(base.slice(0, -2), "--bootstrap-server", "KAFKA_BOOTSTRAP_SERVERS", "nohost"),
    ...setting(base.slice(0, -2), "--bootstrap-server", "KAFKA_BOOTSTRAP_SERVERS", "host:99999"),
    ...setting(base, "--retries", "KAFKA_RETRIES", "0"),
    ...setting(base, "--retries", "KAFKA_RETRIES", "many"),
    ...setting(base, "--retry-delay", "KAFKA_RETRY_DELAY", "5 parsecs"),
    ...setting(base, "--security-protocol", "KAFKA_SECURITY_PROTOCOL", "TLS"),
    ...setting(base, "--sasl-mechanism", "KAFKA_SASL_MECHANISM", "GSSAPI"),
    usage(
      `${cmd}: a SASL user without a password`,
      [...base, "--sasl-username", "u"],
      /^error: SASL_PLAINTEXT needs a password/,
    ),
    usage(
      `${cmd}: SASL_SSL without a user`,
      [...base, "--security-protocol", "SASL_SSL"],
      /^error: SASL_SSL needs a user name/,
      {
        KAFKA_SASL_PASSWORD: "pw",
      },
    ),
    usage(`${cmd}: a missing password file`, [
      ...base,
      "--sasl-username",
      "u",
      "--sasl-password-file",
      "{cwd}/nope",
    ], /^error: cannot read SASL password file ".*nope"/),
    usage(
      `${cmd}: a missing CA file`,
      [...base, "--ssl-ca", "{cwd}/nope.pem"],
      /^error: cannot read CA file ".*nope\.pem"/,
    ),
    usage(`${cmd}: a CA path that is a directory`, [...base], /^error: cannot read CA file "\/"/, {
      KAFKA_SSL_CA_LOCATION: "/",
    }),
    usage(`${cmd}: a client certificate without its key`, [
      ...base,
      "--ssl-cert",
      "{cwd}/garbage.bin",
    ], /^error: mutual TLS needs both/),
    usage(`${cmd}: TLS files with PLAINTEXT`, [
      ...base,
      "--security-protocol",
      "PLAINTEXT",
      "--ssl-ca",
      "{cwd}/garbage.bin",
    ], /^error: TLS files need --security-protocol SSL or SASL_SSL, got PLAINTEXT$/),
    usage(`${cmd}: SASL settings with SSL`, [
      ...base,
      "--security-protocol",
      "SSL",
      "--sasl-username",
      "u",
    ], /^error: SASL settings need --security-protocol SASL_PLAINTEXT or SASL_SSL, got SSL$/),
    ...setting(base, "--log-level", "LOG_LEVEL", "LOUD"),
    usage(
      `${cmd}: a missing --env-file`,
      [...base, "--env-file", "{cwd}/nope.env"],
      /^error: cannot read env file ".*nope\.env"/,
    ),
    usage(`${cmd}: an unknown option`, [...base, "--bogus"], /^error: unknown option '--bogus'$/),
  ];
}

export const ROWS: readonly Row[] = [
  // produce: generation settings.
  ...setting(PRODUCE, "--rate", "RATE_PER_SEC", "abc"),
  ...setting(PRODUCE, "--rate", "RATE_PER_SEC", "-5"),
  ...setting(PRODUCE, "--channels", "CHANNELS", ""),
  ...setting(PRODUCE, "--channels", "CHANNELS", " , ,"),
  ...setting(PRODUCE, "--channels", "CHANNELS", "a b"),
  ...setting(PRODUCE, "--count", undefined, "0"),
  ...setting(PRODUCE.slice(0, 2), "--count", undefined, "ten"),
  ...setting(PRODUCE, "--duration", undefined, "10 parsecs"),
  usage(
    "--duration 0s",
    [...PRODUCE, "--duration", "0s"],
    /^error: --duration must be longer than 0s$/,
  ),
  ...setting(PRODUCE, "--seed", "SEED", "-1"),
  ...setting(PRODUCE, "--seed", "SEED", "4294967296"),
  ...setting(PRODUCE, "--start", undefined, "yesterday"),
  usage(
    "--until without --start",
    [...PRODUCE, "--until", "2025-10-16T00:00:00Z"],
    /^error: --until needs --start/,
  ),
  usage("--until before --start", [
    ...PRODUCE,
    "--start",
    "2025-10-16T00:00:00Z",
    "--until",
    "2025-10-15T00:00:00Z",
  ], /^error: --until must be later than --start$/),
  ...setting(PRODUCE, "--shard", "SHARD", "0/3"),
  ...setting(PRODUCE, "--shard", "SHARD", "4/3"),
  ...setting(PRODUCE, "--shard", "SHARD", "half"),
  usage(
    "--shard auto at --rate 0",
    [...PRODUCE_KAFKA, "--shard", "auto", "--rate", "0"],
    /^error: --shard auto needs a rate > 0 with the seed profile: its replicas share one schedule of the whole stream/,
  ),
  usage(
    "--run-name without --shard auto",
    [...PRODUCE_KAFKA, "--run-name", "load"],
    /^error: --run-name applies to --shard auto$/,
  ),
  ...setting(
    [...PRODUCE_KAFKA, "--profile", "realistic", "--shard", "auto"],
    "--session-timeout",
    "SESSION_TIMEOUT",
    "soon",
  ),
  ...setting(
    [...PRODUCE_KAFKA, "--profile", "realistic", "--shard", "auto"],
    "--run-name",
    "RUN_NAME",
    "two words",
  ),
  usage(
    "--shard 1/3 of one channel",
    [...PRODUCE, "--shard", "1/3"],
    /^error: --shard 1\/3 needs at least 3 channels, got 1$/,
  ),
  ...setting(PRODUCE, "--message-variants", "MESSAGE_VARIANTS", "0"),
  ...setting(PRODUCE, "--message-variants", "MESSAGE_VARIANTS", "5000"),
  ...setting(PRODUCE, "--message-variants", "MESSAGE_VARIANTS", "many"),
  ...["PRODUCE_CHAT", "PRODUCE_VIEWER", "PRODUCE_TRANSACTIONS", "PRODUCE_STREAM_META"].flatMap((
    env,
  ) => setting(PRODUCE, undefined, env, "maybe")),
  usage("every event type disabled", PRODUCE, /^error: every event type is disabled/, {
    PRODUCE_CHAT: "false",
    PRODUCE_VIEWER: "0",
    PRODUCE_TRANSACTIONS: "no",
    PRODUCE_STREAM_META: "off",
  }),
  ...prefixRows(PRODUCE, "my topics."),
  usage("--topic without =", [...PRODUCE, "--topic", "chat"], /^error: --topic must be KIND=NAME/),
  usage(
    "--topic of an unknown kind",
    [...PRODUCE, "--topic", "emotes=x"],
    /^error: --topic must be KIND=NAME.*"emotes=x"/,
  ),
  usage(
    "--topic with a bad name",
    [...PRODUCE, "--topic", "chat=a/b"],
    /^error: --topic name contains "a\/b"/,
  ),
  ...setting(PRODUCE, "--partitions", "TOPIC_PARTITIONS", "0"),
  ...setting(PRODUCE, "--replication-factor", "TOPIC_REPLICATION_FACTOR", "-1"),
  ...setting(PRODUCE, "--compression", "COMPRESSION", "lz4"),
  ...setting(PRODUCE, "--batch-size", "BATCH_SIZE", "0"),
  ...setting(PRODUCE, "--linger", "LINGER", "soon"),
  ...setting(PRODUCE, "--stats-every", "STATS_EVERY", "0"),
  ...setting(PRODUCE, "--metrics-port", "METRICS_PORT", "70000"),
  usage(
    "--rate without a value",
    ["produce", "--stdout", "--rate"],
    /^error: option '-r, --rate <n>' argument missing$/,
  ),
  ...kafkaRows(PRODUCE_KAFKA),

  // consume.
  ...setting(CONSUME, "--offset", undefined, "middle"),
  ...setting(CONSUME, "--offset", undefined, "+-3"),
  usage(
    "--from-beginning with --offset end",
    [...CONSUME, "--from-beginning", "--offset", "end"],
    /^error: --from-beginning and --offset disagree/,
  ),
  ...setting(CONSUME, "--partitions", undefined, "a,b"),
  ...setting(CONSUME, "--partitions", undefined, "-1"),
  ...setting(CONSUME, "--count", undefined, "0"),
  usage("a limit of 0", [...CONSUME, "telemetra.events.chat", "0"], /^error: limit .*"0"/),
  usage("a limit and --count that disagree", [
    ...CONSUME,
    "telemetra.events.chat",
    "5",
    "--count",
    "6",
  ], /^error: the limit 5 and --count 6 disagree/),
  ...setting(CONSUME, "--format", undefined, "xml"),
  usage("an unknown --schema", [...CONSUME, "--schema", "nope"], /^error: .*nope/),
  usage(
    "a --schema file that is not JSON",
    [...CONSUME, "--schema", "{cwd}/garbage.bin"],
    /^error: .*garbage\.bin/,
  ),
  usage(
    "a malformed topic name",
    [...CONSUME, "bad topic!"],
    /^error: "bad topic!" is not a valid Kafka topic name/,
  ),
  ...prefixRows(CONSUME, "a b."),
  ...kafkaRows(CONSUME),

  // validate: arguments.
  usage(
    "validate without arguments",
    ["validate"],
    /^error: give a SCHEMA and at least one PAYLOAD/,
  ),
  usage("validate an unknown schema", ["validate", "chat", "{}"], /^error: .*"?chat"?/),
  usage(
    "validate a schema file that is not JSON",
    ["validate", "{cwd}/garbage.bin", "{}"],
    /^error: .*garbage\.bin/,
  ),
  usage(
    "validate a missing payload file",
    ["validate", "chat_message", "{cwd}/nope.json"],
    /^error: .*nope\.json/,
  ),
  usage(
    "validate a payload that is a directory",
    ["validate", "chat_message", "{cwd}"],
    /^error: payload .* is a directory/,
  ),
  usage(
    "validate --errors xml",
    ["validate", "--errors", "xml", "chat_message", "{}"],
    /^error: option '--errors <format>' argument 'xml' is invalid/,
  ),
  usage("validate --input-format yaml", [
    "validate",
    "--input-format",
    "yaml",
    "chat_message",
    "{}",
  ], /^error: option '--input-format <format>' argument 'yaml' is invalid/),

  // validate: every kind of malformed payload, from a file and from stdin. Exit 1, a report.
  ...[
    "malformed.json",
    "trailing.json",
    "garbage.bin",
    "invalid_utf8.json",
    "big_value.json",
    "deep_array.json",
    "deep_object.json",
    "empty.json",
  ]
    .flatMap((file): Row[] => [
      {
        what: `validate ${file}`,
        args: ["validate", "chat_message", `{cwd}/${file}`],
        code: ExitCode.Failure,
        stdout: /\binvalid\b/,
      },
      {
        what: `validate ${file} from stdin`,
        args: ["validate", "chat_message", "-"],
        stdin: `@${file}`,
        code: ExitCode.Failure,
        stdout: /\binvalid\b/,
      },
    ]),
  {
    what: "validate inline malformed JSON",
    args: ["validate", "chat_message", '{"message_id":'],
    code: ExitCode.Failure,
    stdout: /invalid/,
  },

  // health.
  ...setting(["health"], "--port", "METRICS_PORT", "abc", false),
  ...setting(["health"], "--port", "METRICS_PORT", "70000", false),
  ...setting(["health"], "--url", undefined, "notaurl"),
  ...setting(["health"], "--timeout", undefined, "soon"),
  {
    what: "health of nothing listening",
    args: ["health", "--port", "{closed}"],
    code: ExitCode.Failure,
    error: /^error: cannot reach http:\/\/127\.0\.0\.1:\d+\/healthz \(connection refused\)$/,
  },

  // Failures a user meets: one line each, distinct codes.
  {
    what: "produce to a refused port",
    args: [...PRODUCE_KAFKA, ...ONE_ATTEMPT],
    code: ExitCode.Failure,
    error: /^error: cannot reach Kafka at 127\.0\.0\.1:\d+ after 1 attempt \(connection refused\)$/,
  },
  {
    what: "produce to an unknown host",
    args: ["produce", "--count", "1", "-b", "no-such-host.invalid:9092", "--retries", "1"],
    code: ExitCode.Failure,
    error:
      /^error: cannot reach Kafka at no-such-host\.invalid:9092 after 1 attempt \(host "no-such-host\.invalid" not found\)$/,
  },
  {
    what: "consume from a refused port",
    args: [...CONSUME, ...ONE_ATTEMPT],
    code: ExitCode.Failure,
    error: /^error: cannot reach Kafka at 127\.0\.0\.1:\d+ after 1 attempt \(connection refused\)$/,
  },
  {
    what: "consume a missing topic",
    args: ["consume", "-e", "-b", "{broker}", "no.such.topic"],
    code: ExitCode.Failure,
    error: /^error: topic no\.such\.topic does not exist/,
  },
  {
    what: "produce to a full disk",
    args: [],
    shell: "produce --stdout --count 100 > /dev/full",
    code: ExitCode.FileError,
    error: /^error: cannot write to standard output \(No space left on device/,
  },
  {
    what: "RATE_PER_SEC=abc through the real process",
    args: [],
    shell: "RATE_PER_SEC=abc {main} produce --stdout --count 1",
    code: ExitCode.Usage,
    error: /^error: RATE_PER_SEC must be a number ≥ 0, got "abc"$/,
  },

  // consume: records nobody should have written (see payloads.ts), read without a crash.
  {
    what: "consume malformed records as JSON envelopes",
    args: ["consume", "-b", "{broker}", "{garbage}", "--from-beginning", "-e", "-f", "json"],
    code: ExitCode.Ok,
    stdout: /"value_encoding":"base64"/,
    freeStderr: true,
  },
  {
    what: "consume malformed records as pretty lines",
    args: ["consume", "-b", "{broker}", "{garbage}", "--from-beginning", "-e", "-f", "pretty"],
    code: ExitCode.Ok,
    freeStderr: true,
  },
  {
    what: "consume malformed records as values",
    args: ["consume", "-b", "{broker}", "{garbage}", "--from-beginning", "-e", "-f", "value"],
    code: ExitCode.Ok,
    freeStderr: true,
  },
  {
    what: "consume malformed records with --schema",
    args: [
      "consume",
      "-b",
      "{broker}",
      "{garbage}",
      "--from-beginning",
      "-e",
      "--schema",
      "chat_message",
    ],
    code: ExitCode.Failure,
    error: /^error: 6 of 6 records failed validation$/,
    freeStderr: true,
  },
];
