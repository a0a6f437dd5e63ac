/**
 * `deno task test [deno test args...]`: the whole suite against ONE real Kafka broker.
 *
 * Starts a broker on free ports, runs `deno test -A --frozen tests/` (or the files/flags given)
 * with the broker's address in TELEMETRA_TEST_BOOTSTRAP, always stops the broker (Ctrl-C too),
 * keeps its log when something failed, checks that no broker JVM of the run is left, and ends
 * with the plain line `N passed, N failed`. Exit code 0 only when everything passed.
 *
 * The slow multi-node suite in tests/cluster/ is left out of that run. `--cluster` (`deno task
 * test:cluster`) runs it instead: no shared broker (its tests start clusters of their own), the
 * same leftover check and summary line. The slow pipeline suite in tests/pipeline/ (Flink and
 * PostgreSQL) is left out too; `deno task test:pipeline` names it, so it runs with the broker.
 */
// deno-lint-ignore-file no-console
import { describeError } from "../src/errors.ts";
import { type Broker, ownerFlag, startBroker } from "./kafka/broker.ts";
import {
  javaProcessesMentioning,
  javaProcessesWithArgument,
  waitForExit,
} from "./kafka/processes.ts";
import { parseTestSummary, summaryLine, type TestCounts } from "./test_summary.ts";
import { TEST_BROKER_ENV, TEST_BROKER_PROPERTIES } from "../tests/support/broker.ts";

const root = new URL("../", import.meta.url).pathname;

const CLUSTER_SUITE = "tests/cluster/";
/** The slow Kafka → Flink → PostgreSQL suite: `deno task test:pipeline` names it. */
const PIPELINE_SUITE = "tests/pipeline/";

async function main(allArgs: string[]): Promise<number> {
  const clusterSuite = allArgs.includes("--cluster");
  const args = allArgs.filter((arg) => arg !== "--cluster");
  let broker: Broker | undefined;
  if (!clusterSuite) {
    const started = performance.now();
    try {
      broker = await startBroker({ extraProperties: TEST_BROKER_PROPERTIES });
    } catch (error) {
      console.error(`error: the test broker could not start: ${describeError(error).message}`);
      console.log(summaryLine({ passed: 0, failed: 1 }));
      return 1;
    }
    const readyIn = ((performance.now() - started) / 1000).toFixed(1);
    console.error(
      `test broker ready at ${broker.bootstrap} in ${readyIn} s (log: ${broker.logFile})`,
    );
  }

  let interrupted = false;
  let counts: TestCounts;
  let testsExit = 1;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--frozen", ...testArgs(args, clusterSuite)],
    cwd: root,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
    env: broker === undefined ? {} : {
      [TEST_BROKER_ENV.bootstrap]: broker.bootstrap,
      [TEST_BROKER_ENV.logFile]: broker.logFile,
      [TEST_BROKER_ENV.dataDir]: broker.dataDir,
      [TEST_BROKER_ENV.pid]: String(broker.pid),
      [TEST_BROKER_ENV.controllerPort]: String(broker.controllerPort),
    },
  }).spawn();
  const forward = (signal: Deno.Signal) => () => {
    interrupted = true;
    try {
      child.kill(signal);
    } catch {
      // already exited
    }
  };
  const handlers = [["SIGINT", forward("SIGINT")], ["SIGTERM", forward("SIGTERM")]] as const;
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  try {
    const output = await echoAndKeepTail(child.stdout);
    testsExit = (await child.status).code;
    const parsed = parseTestSummary(output);
    counts = parsed ?? { passed: 0, failed: 0 };
    // No summary, or a non-zero exit without a failed test (a module that did not load, a
    // leak reported after the summary): count it as one failure so CI cannot pass it.
    if (testsExit !== 0 && counts.failed === 0) counts = { ...counts, failed: 1 };
    if (interrupted) counts = { ...counts, failed: Math.max(counts.failed, 1) };
  } finally {
    await broker?.stop().catch((error) => console.error(`error: ${describeError(error).message}`));
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  }

  const leftovers = await leftoverBrokers(broker, child.pid);
  if (leftovers.length > 0) {
    console.error(
      `error: broker JVMs of this test run were still running: ${leftovers.join(", ")}`,
    );
    counts = { ...counts, failed: counts.failed + 1 };
  }
  if (broker !== undefined && counts.failed > 0) {
    console.error(`the test broker's log is kept: ${broker.logFile}`);
  } else if (broker !== undefined) {
    await Deno.remove(broker.dataDir, { recursive: true }).catch(() => {});
  }
  if (interrupted) console.error("interrupted");
  console.log(summaryLine(counts));
  return counts.failed > 0 ? 1 : 0;
}

/**
 * The files or directories the caller named; otherwise `tests/` without the cluster and pipeline
 * suites, or only the cluster suite.
 */
function testArgs(args: string[], clusterSuite: boolean): string[] {
  const namesPath = args.some((arg) => !arg.startsWith("-") && exists(arg));
  if (namesPath) return args;
  return clusterSuite
    ? [...args, CLUSTER_SUITE]
    : [...args, `--ignore=${CLUSTER_SUITE},${PIPELINE_SUITE}`, "tests/"];
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Copies deno test's stdout to ours as it comes, and returns its last 64 KiB as text. */
async function echoAndKeepTail(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let tail = "";
  for await (const chunk of stream) {
    await writeAll(chunk);
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-65536);
  }
  return tail + decoder.decode();
}

async function writeAll(bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await Deno.stdout.write(bytes.subarray(written));
}

/**
 * Broker JVMs still alive: the shared one, and private ones (single brokers or cluster nodes) the
 * test process started (their supervisor stops them within ~20 s of its death, so wait that long
 * before calling it a leak).
 */
async function leftoverBrokers(broker: Broker | undefined, testPid: number): Promise<number[]> {
  const find = () => [
    ...broker === undefined ? [] : javaProcessesMentioning(broker.dataDir),
    ...javaProcessesWithArgument(ownerFlag(testPid)),
  ];
  for (const pid of find()) await waitForExit(pid, 25_000);
  return find();
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
