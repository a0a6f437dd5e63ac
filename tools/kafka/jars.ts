/** Where the Kafka jars and configs live, and how to get the jars (tools/kafka/fetch_jars.sh). */

import { KafkaError } from "../../src/errors.ts";

const here = new URL(".", import.meta.url).pathname;

/** Absolute paths of the files in tools/kafka/. */
export const kafkaToolsDir = {
  fetchJars: `${here}fetch_jars.sh`,
  launch: `${here}launch.sh`,
  tool: `${here}tool.sh`,
  brokerLog4j: `${here}broker-log4j2.properties`,
  toolsLog4j: `${here}tools-log4j2.properties`,
} as const;

/** The repository root (two levels above this file). */
export const repoRoot = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/**
 * Makes sure the jars are in .cache/kafka/lib (fetching them with Maven the first time, ≈5 s
 * with a warm Maven cache) and returns that directory. Maven's progress goes to our stderr.
 */
export async function ensureJars(): Promise<string> {
  const { code, stdout } = await new Deno.Command("bash", {
    args: [kafkaToolsDir.fetchJars],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    throw new KafkaError(`could not fetch the Kafka jars (tools/kafka/fetch_jars.sh exit ${code})`);
  }
  return new TextDecoder().decode(stdout).trim();
}

/** JVM flags for a small machine: the broker must share 2 cores with the tests and clients. */
export const BROKER_JVM_FLAGS: readonly string[] = [
  "-Xms256m",
  "-Xmx512m",
  "-XX:+ExitOnOutOfMemoryError",
  "-Djava.awt.headless=true",
];

/** argv of `java` running `mainClass` from the jars with the given log4j2 config. */
export function javaArgv(
  lib: string,
  log4jConfig: string,
  jvmFlags: readonly string[],
  mainClass: string,
  args: readonly string[],
): string[] {
  return [
    "java",
    ...jvmFlags,
    `-Dlog4j2.configurationFile=${log4jConfig}`,
    "-cp",
    `${lib}/*`,
    mainClass,
    ...args,
  ];
}
