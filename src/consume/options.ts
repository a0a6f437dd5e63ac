/**
 * `consume` settings from its arguments, flags > env > .env > defaults. Pure: the CLI passes the
 * layers and what it knows about the terminal in.
 */
import { type KafkaOptions, resolveKafkaOptions } from "../config/kafka.ts";
import { defineSettings, resolveSetting } from "../config/settings.ts";
import type { Sources } from "../config/sources.ts";
import { DEFAULT_TOPIC_PREFIX, type Kind, topicNames } from "../config/topics.ts";
import { parseBoolean, parseChoice, parseInteger } from "../config/values.ts";
import { UsageError } from "../errors.ts";
import { SCHEMA_NAMES } from "../generator/event_kinds.ts";
import { type OffsetSpec, parseOffsetSpec } from "./offsets.ts";
import { OUTPUT_FORMATS, type OutputFormat } from "./printer.ts";

export interface ConsumeConfig {
  readonly topics: readonly string[];
  /** The configured topic of each kind (prefix applied), to recognise events by topic. */
  readonly topicKinds: Readonly<Record<Kind, string>>;
  /** Stop after this many records in total. */
  readonly limit: number | undefined;
  readonly offset: OffsetSpec;
  readonly exitAtEnd: boolean;
  readonly groupId: string | undefined;
  readonly partitions: readonly number[] | undefined;
  readonly format: OutputFormat;
  readonly color: boolean;
  readonly validate: boolean;
  /** `--schema`: a built-in schema name or a schema file, for every topic. */
  readonly schema: string | undefined;
  /** No statistics and no progress logs on stderr. */
  readonly quiet: boolean;
  readonly kafka: KafkaOptions;
}

export interface TerminalFacts {
  readonly stdoutIsTerminal: boolean;
}

const LIMIT_RANGE = [1, Number.MAX_SAFE_INTEGER] as const;

/** Splits `[topic...] [limit]`: a trailing all-digit argument is the limit, as in the seed. */
export function splitTopicsAndLimit(args: readonly string[]): {
  topics: string[];
  limit: number | undefined;
} {
  const last = args.at(-1);
  if (last !== undefined && /^\d+$/.test(last)) {
    return { topics: args.slice(0, -1), limit: parseInteger(last, "limit", ...LIMIT_RANGE) };
  }
  return { topics: [...args], limit: undefined };
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

function parsePartitions(raw: string, label: string): number[] {
  const items = raw.split(",").map((s) => s.trim());
  if (items.some((item) => !/^\d{1,7}$/.test(item))) {
    throw new UsageError(
      `${label} must list partition numbers such as 0,2, got ${JSON.stringify(raw)}`,
    );
  }
  return [...new Set(items.map(Number))];
}

function parseGroup(raw: string, label: string): string {
  const name = raw.trim();
  if (name === "") throw new UsageError(`${label} must be a non-empty group name`);
  return name;
}

const none = undefined;

/**
 * consume's own settings, in the order `--help` lists them (the run's and the connection's
 * follow). It lives beside its resolver rather than in src/config/ because its parsers and
 * choices (offsets, output formats) belong to consume. Where the default depends on the run
 * (`--format` by terminal, `--offset` with `--from-beginning`), the resolver swaps the fallback
 * and the help says so in words.
 */
export const CONSUME_SETTINGS = defineSettings({
  offset: {
    flag: "-o, --offset <where>",
    parse: (raw: string, label: string) => parseOffsetSpec(raw, label),
    fallback: { kind: "end" } as OffsetSpec,
    literal: "end",
    help: "beginning, end, N, -N (N before the end) or +N",
  },
  fromBeginning: {
    flag: "--from-beginning",
    parse: parseBoolean,
    fallback: false,
    note: "off",
    help: "same as --offset beginning",
  },
  exitAtEnd: {
    flag: "-e, --exit-at-end",
    parse: parseBoolean,
    fallback: false,
    note: "off",
    help: "stop at the end offsets seen when starting",
  },
  group: {
    flag: "-g, --group <name>",
    parse: parseGroup,
    fallback: none as string | undefined,
    note: "no group",
    help: "join this consumer group and commit (default: no group)",
  },
  partitions: {
    flag: "-p, --partitions <list>",
    parse: parsePartitions,
    fallback: none as number[] | undefined,
    note: "all",
    help: "only these partitions, e.g. 0,2",
  },
  count: {
    flag: "-n, --count <n>",
    parse: (raw: string, label: string) => parseInteger(raw, label, ...LIMIT_RANGE),
    fallback: none as number | undefined,
    note: "none",
    help: "stop after N records in total (like the trailing limit)",
  },
  format: {
    flag: "-f, --format <format>",
    parse: (raw: string, label: string) => parseChoice(raw, label, OUTPUT_FORMATS),
    fallback: "json" as OutputFormat,
    note: "pretty on a terminal, json when piped",
    help: "pretty, json or value (default: pretty on a terminal, json when piped)",
  },
  color: {
    flag: "--no-color",
    parse: parseBoolean,
    fallback: true,
    note: "on for a terminal, unless NO_COLOR is set",
    help: "no colours in pretty output (also NO_COLOR)",
  },
  validate: {
    flag: "--validate",
    parse: parseBoolean,
    fallback: false,
    note: "off",
    help: "check every record against its topic's schema; exit 1 if any is invalid",
  },
  schema: {
    flag: "--schema <name-or-file>",
    parse: (raw: string) => raw,
    fallback: none as string | undefined,
    note: "the topic's own",
    help: `check every record against this schema instead (${SCHEMA_NAMES.join(", ")} or a file)`,
  },
  topicPrefix: {
    flag: "--topic-prefix <prefix>",
    env: "TOPIC_PREFIX",
    parse: (raw: string) => raw.trim(),
    fallback: DEFAULT_TOPIC_PREFIX,
    literal: DEFAULT_TOPIC_PREFIX,
    help: "prefix of the default topics",
  },
  quiet: {
    flag: "-q, --quiet",
    parse: parseBoolean,
    fallback: false,
    note: "off",
    help: "no statistics and no progress logs on stderr",
  },
});

/**
 * Resolves row by row rather than in the table's order, so that of several bad values the one
 * reported first stays the same as before the table (the count, then the topics, the offset…).
 */
export function resolveConsumeConfig(
  args: readonly string[],
  sources: Sources,
  terminal: TerminalFacts,
): ConsumeConfig {
  const s = CONSUME_SETTINGS;
  const positional = splitTopicsAndLimit(args);
  const counted = resolveSetting(s.count, sources);
  if (counted !== undefined && positional.limit !== undefined && counted !== positional.limit) {
    throw new UsageError(
      `the limit ${positional.limit} and --count ${counted} disagree; give only one`,
    );
  }
  const topicKinds = topicNames(resolveSetting(s.topicPrefix, sources), []);
  for (const topic of positional.topics) {
    if (!TOPIC_NAME.test(topic) || topic === "." || topic === "..") {
      throw new UsageError(
        `${
          JSON.stringify(topic)
        } is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`,
      );
    }
  }
  const topics = positional.topics.length > 0
    ? [...new Set(positional.topics)]
    : Object.values(topicKinds);

  // With --from-beginning the fallback is the beginning, so any other offset came from --offset.
  const fromBeginning = resolveSetting(s.fromBeginning, sources);
  const offset = resolveSetting<OffsetSpec>(
    { ...s.offset, fallback: fromBeginning ? { kind: "beginning" } : s.offset.fallback },
    sources,
  );
  if (fromBeginning && offset.kind !== "beginning") {
    throw new UsageError("--from-beginning and --offset disagree; give only one");
  }

  const groupId = resolveSetting(s.group, sources);
  const partitions = resolveSetting(s.partitions, sources);
  if (partitions !== undefined && groupId !== undefined) {
    throw new UsageError(
      "--partitions cannot be combined with --group: the group assigns partitions to its members",
    );
  }
  const format = resolveSetting(
    { ...s.format, fallback: terminal.stdoutIsTerminal ? "pretty" : s.format.fallback },
    sources,
  );
  const schema = resolveSetting(s.schema, sources);
  const noColor = (sources.env["NO_COLOR"] ?? "") !== "";
  return {
    topics,
    topicKinds,
    limit: counted ?? positional.limit,
    offset,
    exitAtEnd: resolveSetting(s.exitAtEnd, sources),
    groupId,
    partitions,
    format,
    color: format === "pretty" && terminal.stdoutIsTerminal && !noColor &&
      resolveSetting(s.color, sources),
    validate: resolveSetting(s.validate, sources) || schema !== undefined,
    schema,
    quiet: resolveSetting(s.quiet, sources),
    kafka: resolveKafkaOptions(sources),
  };
}
