/**
 * `consume` settings from its arguments, flags > env > .env > defaults. Pure: the CLI passes the
 * layers and what it knows about the terminal in.
 */
import { type KafkaOptions, resolveKafkaOptions } from "../config/kafka.ts";
import { setting, type Sources } from "../config/sources.ts";
import { DEFAULT_TOPIC_PREFIX, type Kind, topicNames } from "../config/topics.ts";
import { parseChoice, parseInteger } from "../config/values.ts";
import { UsageError } from "../errors.ts";
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

const flag = (key: string, name: string) => ({ key, name });

function parsePartitions(raw: string, label: string): number[] {
  const items = raw.split(",").map((s) => s.trim());
  if (items.some((item) => !/^\d{1,7}$/.test(item))) {
    throw new UsageError(
      `${label} must list partition numbers such as 0,2, got ${JSON.stringify(raw)}`,
    );
  }
  return [...new Set(items.map(Number))];
}

export function resolveConsumeConfig(
  args: readonly string[],
  sources: Sources,
  terminal: TerminalFacts,
): ConsumeConfig {
  const { flags } = sources;
  const positional = splitTopicsAndLimit(args);
  const counted = setting<number | undefined>(
    sources,
    flag("count", "--count"),
    undefined,
    (raw, label) => parseInteger(raw, label, ...LIMIT_RANGE),
    undefined,
  );
  if (counted !== undefined && positional.limit !== undefined && counted !== positional.limit) {
    throw new UsageError(
      `the limit ${positional.limit} and --count ${counted} disagree; give only one`,
    );
  }
  const prefix = setting(
    sources,
    flag("topicPrefix", "--topic-prefix"),
    "TOPIC_PREFIX",
    (raw) => raw.trim(),
    DEFAULT_TOPIC_PREFIX,
  );
  const topicKinds = topicNames(prefix, []);
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

  const offsetFlag = setting<OffsetSpec | undefined>(
    sources,
    flag("offset", "--offset"),
    undefined,
    parseOffsetSpec,
    undefined,
  );
  if (
    flags["fromBeginning"] === true && offsetFlag !== undefined && offsetFlag.kind !== "beginning"
  ) {
    throw new UsageError("--from-beginning and --offset disagree; give only one");
  }
  const offset: OffsetSpec = offsetFlag ??
    (flags["fromBeginning"] === true ? { kind: "beginning" } : { kind: "end" });

  const groupId = setting<string | undefined>(
    sources,
    flag("group", "--group"),
    undefined,
    (raw, label) => {
      const name = raw.trim();
      if (name === "") throw new UsageError(`${label} must be a non-empty group name`);
      return name;
    },
    undefined,
  );
  const partitions = setting<number[] | undefined>(
    sources,
    flag("partitions", "--partitions"),
    undefined,
    parsePartitions,
    undefined,
  );
  if (partitions !== undefined && groupId !== undefined) {
    throw new UsageError(
      "--partitions cannot be combined with --group: the group assigns partitions to its members",
    );
  }
  const format = setting<OutputFormat>(
    sources,
    flag("format", "--format"),
    undefined,
    (raw, label) => parseChoice(raw, label, OUTPUT_FORMATS),
    terminal.stdoutIsTerminal ? "pretty" : "json",
  );
  const schema = setting<string | undefined>(
    sources,
    flag("schema", "--schema"),
    undefined,
    (raw) => raw,
    undefined,
  );
  const noColor = (sources.env["NO_COLOR"] ?? "") !== "";
  return {
    topics,
    topicKinds,
    limit: counted ?? positional.limit,
    offset,
    exitAtEnd: flags["exitAtEnd"] === true,
    groupId,
    partitions,
    format,
    color: format === "pretty" && terminal.stdoutIsTerminal && !noColor &&
      flags["color"] !== false,
    validate: flags["validate"] === true || schema !== undefined,
    schema,
    quiet: flags["quiet"] === true,
    kafka: resolveKafkaOptions(sources),
  };
}
