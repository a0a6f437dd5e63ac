/**
 * `deno task env-example`: writes .env.example from the settings tables, so every variable, its
 * help and its default come from the code (tests/config/env_example_test.ts fails when the file
 * drifts from them). This file only decides the order, the grouping and the example values.
 */
import { RUN_SETTINGS } from "../src/cli/sources.ts";
import { KAFKA_SETTINGS } from "../src/config/kafka.ts";
import { PRODUCE_SETTINGS } from "../src/config/produce.ts";
import { rowsOf, type SettingSpec } from "../src/config/settings.ts";

interface Variable {
  readonly env: string;
  /** An example for a setting without a default value (the line stays commented out). */
  readonly example?: string;
  /** Replaces the setting's help as the comment above it; false: no comment of its own. */
  readonly comment?: string | false;
}

interface Group {
  /** A comment line opening the group. */
  readonly heading?: string;
  /** The seed producer's variables are set; the rest are commented out, ready to uncomment. */
  readonly set: boolean;
  readonly variables: readonly Variable[];
}

const GROUPS: readonly Group[] = [
  {
    set: true,
    variables: [
      { env: "KAFKA_BOOTSTRAP_SERVERS" },
      { env: "CHANNELS" },
      { env: "RATE_PER_SEC" },
      { env: "MESSAGE_VARIANTS" },
      { env: "LOG_LEVEL" },
    ],
  },
  {
    heading: "Event types (true/false)",
    set: true,
    variables: [
      { env: "PRODUCE_CHAT", comment: false },
      { env: "PRODUCE_VIEWER", comment: false },
      { env: "PRODUCE_TRANSACTIONS", comment: false },
      { env: "PRODUCE_STREAM_META", comment: false },
    ],
  },
  {
    set: false,
    variables: [{ env: "SEED", example: "42" }],
  },
  {
    heading: "Profile",
    set: false,
    variables: [
      { env: "PROFILE" },
      { env: "SPEED", example: "10" },
      { env: "VIEWER_INTERVAL", example: "30s" },
    ],
  },
  {
    heading: "Connection",
    set: false,
    variables: [
      { env: "KAFKA_RETRIES" },
      { env: "KAFKA_RETRY_DELAY" },
      { env: "KAFKA_CLIENT_ID" },
    ],
  },
  {
    heading: "Security (SASL and/or TLS); the password is never taken as a flag",
    set: false,
    variables: [
      { env: "KAFKA_SECURITY_PROTOCOL", example: "SASL_SSL" },
      { env: "KAFKA_SASL_MECHANISM", example: "SCRAM-SHA-512" },
      { env: "KAFKA_SASL_USERNAME", example: "telemetra" },
      { env: "KAFKA_SASL_PASSWORD", example: "change-me" },
      { env: "KAFKA_SASL_PASSWORD_FILE", example: "/run/secrets/kafka_password" },
      { env: "KAFKA_SSL_CA_LOCATION", example: "/etc/kafka/ca.pem" },
      { env: "KAFKA_SSL_CERT_LOCATION", example: "/etc/kafka/client.pem" },
      { env: "KAFKA_SSL_KEY_LOCATION", example: "/etc/kafka/client.key" },
      { env: "KAFKA_SSL_KEY_PASSWORD" },
    ],
  },
  {
    heading: "Topics",
    set: false,
    variables: [
      { env: "TOPIC_PREFIX" },
      { env: "TOPIC_PARTITIONS" },
      { env: "TOPIC_REPLICATION_FACTOR" },
    ],
  },
  {
    heading: "Sending",
    set: false,
    variables: [
      { env: "COMPRESSION" },
      { env: "BATCH_SIZE" },
      { env: "WORKERS" },
      { env: "LINGER", example: "50ms" },
      { env: "STATS_EVERY" },
      { env: "METRICS_PORT", example: "9464" },
      { env: "SHUTDOWN_TIMEOUT" },
    ],
  },
  {
    heading: "Scaling out: replicas divide the channels through Kafka (SHARD=auto)",
    set: false,
    variables: [
      { env: "SHARD", example: "auto" },
      { env: "RUN_NAME", example: "load-test" },
      { env: "COORDINATION_TOPIC" },
      { env: "SESSION_TIMEOUT" },
    ],
  },
  {
    heading: "Truth: the answers a correct pipeline must give (verify compares them)",
    set: false,
    variables: [
      { env: "TRUTH_DIR", example: "./truth" },
      { env: "TRUTH_WINDOW" },
      { env: "TRUTH_LATENESS", example: "10s" },
    ],
  },
  {
    heading: "Disorder on purpose (header telemetra.anomaly; the truth accounts for it)",
    set: false,
    variables: [
      { env: "LATE" },
      { env: "DUPLICATES" },
      { env: "MALFORMED" },
    ],
  },
];

const HEADER = `# telemetra-mock reads ./.env (or --env-file PATH) after flags and the environment.
# Copy to .env and edit; every variable is optional. A NAME=value line, commented out or not,
# shows the setting's default; a setting without a default value says \`(default: …)\` in words,
# and its line is an example. Written by \`tools/deno task env-example\` from the settings tables
# in src/config/ (change those, not this file).
`;

/** Every setting `produce` reads from the environment, by variable. */
export function settingsByEnv(): Map<string, SettingSpec<unknown>> {
  const rows = [PRODUCE_SETTINGS, RUN_SETTINGS, KAFKA_SETTINGS].flatMap(rowsOf);
  return new Map(rows.flatMap((spec) => spec.env !== undefined ? [[spec.env, spec]] : []));
}

const WIDTH = 100;

/** `text` as comment lines of at most WIDTH characters, broken at spaces. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = "#";
  for (const word of text.split(" ")) {
    if (line.length > 1 && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = "#";
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

function variableLines(variable: Variable, spec: SettingSpec<unknown>, set: boolean): string[] {
  const { env, example, comment: text } = variable;
  if (spec.literal !== undefined) {
    if (example !== undefined) throw new TypeError(`${env} shows its default, not an example`);
    const about = text === false ? [] : comment(text ?? spec.help);
    return [...about, `${set ? "" : "# "}${env}=${spec.literal}`];
  }
  if (set) throw new TypeError(`${env} has no default value to set`);
  const about = text === false ? "" : `${text ?? spec.help} `;
  return [...comment(`${about}(default: ${spec.note ?? "none"})`), `# ${env}=${example ?? ""}`];
}

/** The text of .env.example. Throws when a variable is missing, unknown or listed twice. */
export function renderEnvExample(): string {
  const settings = settingsByEnv();
  const listed = GROUPS.flatMap((group) => group.variables.map((variable) => variable.env));
  const twice = listed.find((env, index) => listed.indexOf(env) !== index);
  if (twice !== undefined) throw new TypeError(`${twice} is listed twice`);
  const unknown = listed.find((env) => !settings.has(env));
  if (unknown !== undefined) throw new TypeError(`${unknown} is not a setting`);
  const missing = [...settings.keys()].filter((env) => !listed.includes(env));
  if (missing.length > 0) {
    throw new TypeError(`add ${missing.join(", ")} to a group in tools/env_example.ts`);
  }
  const blocks = GROUPS.map((group) => {
    const heading = group.heading !== undefined ? comment(group.heading) : [];
    const body = group.variables.flatMap((variable) =>
      variableLines(variable, settings.get(variable.env)!, group.set)
    );
    return [...heading, ...body].join("\n") + "\n";
  });
  return [HEADER, ...blocks].join("\n");
}

if (import.meta.main) {
  const path = new URL("../.env.example", import.meta.url);
  await Deno.writeTextFile(path, renderEnvExample());
  // deno-lint-ignore no-console
  console.error("wrote .env.example");
}
