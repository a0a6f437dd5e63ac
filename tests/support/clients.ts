/**
 * Foreign Kafka clients for cross-checks: kcat (librdkafka), Python's confluent-kafka and
 * jsonschema (Debian packages, which belong to /usr/bin/python3), and Kafka's own CLI tools.
 */

import { kafkaToolsDir } from "../../tools/kafka/jars.ts";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Killed (SIGKILL) after this long; 60 s by default. */
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
}

let topicCount = 0;
const runId = crypto.randomUUID().slice(0, 8);

/** A topic name unique to this test: `<prefix>-<run id>-<n>`. */
export function freshTopic(prefix = "test"): string {
  if (!/^[a-zA-Z0-9-]+$/.test(prefix)) {
    throw new TypeError(`topic prefix must be letters, digits and -, got "${prefix}"`);
  }
  topicCount += 1;
  return `${prefix}-${runId}-${topicCount}`;
}

/** Runs kcat with `args` (stdin optional), e.g. `kcat(["-b", b, "-P", "-t", topic, "-K:"], "k:v\n")`. */
export function kcat(
  args: readonly string[],
  stdin?: string | Uint8Array,
  options: RunOptions = {},
): Promise<RunResult> {
  return run("kcat", args, stdin, options, "install it with apt-get install kcat");
}

/**
 * Runs a Python script (its source text) with /usr/bin/python3, where Debian's
 * python3-confluent-kafka and python3-jsonschema live; `args` become sys.argv[1:].
 */
export function python(
  script: string,
  args: readonly string[] = [],
  stdin?: string | Uint8Array,
  options: RunOptions = {},
): Promise<RunResult> {
  return run(
    "/usr/bin/python3",
    ["-c", script, ...args],
    stdin,
    options,
    "install python3-confluent-kafka and python3-jsonschema with apt-get",
  );
}

/** Runs one of Kafka's CLI tools through tools/kafka/tool.sh, e.g. `kafkaTool(["topics", ...])`. */
export function kafkaTool(
  args: readonly string[],
  stdin?: string | Uint8Array,
  options: RunOptions = {},
): Promise<RunResult> {
  return run("bash", [kafkaToolsDir.tool, ...args], stdin, options, "");
}

/**
 * Runs any program to the end (stdin optional), SIGKILLed after `options.timeoutMs`; a missing
 * program throws "`command` is not installed; `installHint`".
 */
export function runProgram(
  command: string,
  args: readonly string[],
  stdin?: string | Uint8Array,
  options: RunOptions = {},
  installHint = "",
): Promise<RunResult> {
  return run(command, args, stdin, options, installHint);
}

async function run(
  command: string,
  args: readonly string[],
  stdin: string | Uint8Array | undefined,
  options: RunOptions,
  installHint: string,
): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(command, {
      args: [...args],
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
      env: options.env,
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`${command} is not installed; ${installHint}`);
    }
    throw error;
  }
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // exited meanwhile
    }
  }, timeoutMs);
  try {
    if (stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin);
      await writer.close();
    }
    const { code, signal, stdout, stderr } = await child.output();
    const decoder = new TextDecoder();
    const err = decoder.decode(stderr);
    return {
      code,
      stdout: decoder.decode(stdout),
      stderr: signal === "SIGKILL" ? `${err}(killed after ${timeoutMs} ms)\n` : err,
    };
  } finally {
    clearTimeout(timer);
  }
}
