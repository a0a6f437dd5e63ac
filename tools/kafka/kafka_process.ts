/**
 * One Kafka JVM (a single broker, or one node of a cluster): format its storage, launch it
 * through launch.sh tied to this process, wait until it serves clients, stop it, read its log.
 * Shared by broker.ts and cluster.ts.
 */

import { KafkaError } from "../../src/errors.ts";
import { answersApiVersions } from "./api_versions_probe.ts";
import { javaArgv, kafkaToolsDir } from "./jars.ts";
import { isAlive, waitForExit } from "./processes.ts";
import { HOST, randomClusterId } from "./server_properties.ts";

/**
 * A JVM flag naming the process that started a broker, so a test runner can find brokers its
 * test processes left behind: `javaProcessesMentioning(ownerFlag(pid))`.
 */
export function ownerFlag(pid: number): string {
  return `-Dtelemetra.owner=${pid}`;
}

const READY_LINE = "Kafka Server started";
const STOP_GRACE_MS = 30_000;

/** A launched JVM and where its log stood before it started (to read only its own lines). */
export interface Launched {
  readonly pid: number;
  readonly logOffset: number;
}

/** What the messages call the process, e.g. "the Kafka broker" or "Kafka node 2". */
export type ProcessLabel = string;

/**
 * `StorageTool format` for one node's server.properties; a random cluster id unless given
 * (every node of a cluster must share one).
 */
export async function formatStorage(
  lib: string,
  configFile: string,
  formatArgs: readonly string[],
  clusterId = randomClusterId((b) => crypto.getRandomValues(b)),
): Promise<void> {
  const [java, ...args] = javaArgv(lib, kafkaToolsDir.toolsLog4j, [], "kafka.tools.StorageTool", [
    "format",
    "--cluster-id",
    clusterId,
    "--config",
    configFile,
    ...formatArgs,
  ]);
  const { code, stdout, stderr } = await new Deno.Command(java, { args, stdin: "null" }).output();
  if (code !== 0) {
    const output = new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout);
    const last = output.trimEnd().split("\n").slice(-20).join("\n");
    throw new KafkaError(`formatting the Kafka storage failed (exit ${code}):\n${last}`);
  }
}

/**
 * Starts the JVM through launch.sh, which appends its output to `logFile` and, should this
 * process die without stopping it, stops it and removes `cleanupDir` (when given).
 */
export async function launchKafka(
  argv: readonly string[],
  logFile: string,
  cleanupDir: string | undefined,
  label: ProcessLabel,
): Promise<Launched> {
  const logOffset = await fileSize(logFile);
  const launched = await new Deno.Command("bash", {
    args: [kafkaToolsDir.launch, String(Deno.pid), logFile, cleanupDir ?? "-", ...argv],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const pid = Number(new TextDecoder().decode(launched.stdout).trim());
  if (launched.code !== 0 || !Number.isInteger(pid) || pid <= 0) {
    const why = new TextDecoder().decode(launched.stderr).trim();
    throw new KafkaError(`could not start java for ${label}: ${why || "no pid"}`);
  }
  return { pid, logOffset };
}

/** Where and how long waitUntilServing() waits. */
export interface ServingWait {
  readonly logFile: string;
  /** The client port probed with ApiVersions. */
  readonly port: number;
  readonly label: ProcessLabel;
  /** Epoch ms; the JVM is killed when it passes. */
  readonly deadline: number;
  /** The whole wait, for the message. */
  readonly timeoutMs: number;
}

/**
 * Waits until the JVM logged its start and answers ApiVersions. Throws KafkaError with the
 * log's last lines when it exits first, or kills it when the deadline passes.
 */
export async function waitUntilServing(
  { pid, logOffset }: Launched,
  { logFile, port, label, deadline, timeoutMs }: ServingWait,
): Promise<void> {
  for (;;) {
    if (!isAlive(pid)) {
      throw new KafkaError(
        `${label} exited while starting; last lines of ${logFile}:\n${logTail(logFile, 30)}`,
      );
    }
    if (logSince(logFile, logOffset).includes(READY_LINE) && await answersApiVersions(HOST, port)) {
      return;
    }
    if (Date.now() >= deadline) {
      await stopProcess(pid, "SIGKILL", logFile, label);
      throw new KafkaError(
        `${label} was not ready within ${timeoutMs / 1000} s; ` +
          `last lines of ${logFile}:\n${logTail(logFile, 30)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** launchKafka() then waitUntilServing(); resolves to the JVM's pid. */
export async function launchServing(
  argv: readonly string[],
  logFile: string,
  port: number,
  readyTimeoutMs: number,
  cleanupDir: string | undefined,
  label: ProcessLabel,
): Promise<number> {
  const deadline = Date.now() + readyTimeoutMs;
  const launched = await launchKafka(argv, logFile, cleanupDir, label);
  await waitUntilServing(launched, { logFile, port, label, deadline, timeoutMs: readyTimeoutMs });
  return launched.pid;
}

/** SIGTERM (a clean shutdown, SIGKILL after 30 s) or SIGKILL; resolves once the JVM is gone. */
export async function stopProcess(
  pid: number,
  signal: "SIGTERM" | "SIGKILL",
  logFile: string,
  label: ProcessLabel,
): Promise<void> {
  if (!isAlive(pid)) return;
  kill(pid, signal);
  if (await waitForExit(pid, signal === "SIGTERM" ? STOP_GRACE_MS : 10_000)) return;
  kill(pid, "SIGKILL");
  if (!await waitForExit(pid, 10_000)) {
    throw new KafkaError(`${label} (pid ${pid}) did not exit; see ${logFile}`);
  }
}

function kill(pid: number, signal: Deno.Signal) {
  try {
    Deno.kill(pid, signal);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // exited meanwhile
  }
}

/** The last `lines` lines of a log file; "(no broker log)" when there is none. */
export function logTail(logFile: string, lines: number): string {
  let size = 0;
  try {
    size = Deno.statSync(logFile).size;
  } catch {
    return "(no broker log)";
  }
  const text = logSince(logFile, Math.max(0, size - 64 * 1024));
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function logSince(logFile: string, offset: number): string {
  try {
    using file = Deno.openSync(logFile);
    file.seekSync(offset, Deno.SeekMode.Start);
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(64 * 1024);
    for (let n = file.readSync(buffer); n !== null && n > 0; n = file.readSync(buffer)) {
      chunks.push(buffer.slice(0, n));
    }
    return new TextDecoder().decode(concat(chunks));
  } catch {
    return "";
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return 0;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
