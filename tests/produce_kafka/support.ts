/**
 * Shared pieces of the produce-against-Kafka tests: the broker, a topic prefix of their own for
 * each test, `produce` run as a user would, and the numbers of its final summary line.
 */
import assert from "node:assert/strict";
import { EVENT_KINDS, type Kind, SCHEMA_OF_KIND, TOPIC_SUFFIX } from "../../src/config/topics.ts";
import { type CliOptions, type CliResult, runCli } from "../support/cli.ts";

import { freshTopic } from "../support/broker.ts";

export { testBroker } from "../support/broker.ts";

/** Fixed event time, so runs with the same seed give byte-identical records. */
export const START = "2025-10-16T00:00:00Z";
export const START_MS = Date.parse(START);

/** A topic prefix no other test (and no other run against the same broker) uses. */
export function freshPrefix(name: string): string {
  return `${freshTopic(`produce-${name}`)}.`;
}

/** The four topic names under `prefix`, by event kind. */
export function topicsOf(prefix: string): Record<Kind, string> {
  return Object.fromEntries(EVENT_KINDS.map((k) => [k, prefix + TOPIC_SUFFIX[k]])) as Record<
    Kind,
    string
  >;
}

/** The schema file each topic's values must satisfy. */
export function schemaFileOf(kind: Kind): string {
  return new URL(`../../schemas/${SCHEMA_OF_KIND[kind]}.json`, import.meta.url).pathname;
}

/** `telemetra-mock produce -b <bootstrap> --topic-prefix <prefix> ...args` as a child process. */
export function produce(
  bootstrap: string,
  prefix: string,
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
  return runCli(["produce", "-b", bootstrap, "--topic-prefix", prefix, ...args], options);
}

export interface Summary {
  readonly generated: number;
  readonly delivered: number;
  readonly failed: number;
}

/** The numbers of `Summary: generated N, delivered N, failed N ...`; fails when it is missing. */
export function summaryOf(stderr: string): Summary {
  const match = /Summary: generated (\d+), delivered (\d+), failed (\d+)/.exec(stderr);
  assert.ok(match, `no summary line on stderr:\n${stderr}`);
  return { generated: Number(match[1]), delivered: Number(match[2]), failed: Number(match[3]) };
}

/** Asserts a run exited 0, showing its stderr when not. */
export function assertOk(result: CliResult): void {
  assert.equal(result.code, 0, `produce exited ${result.code}:\n${result.stderr}`);
}
