/**
 * The real Kafka broker of a test run, and the foreign clients that cross-check against it.
 *
 * ```ts
 * const broker = await testBroker();           // the one broker of this run
 * const topic = freshTopic("chat");            // a name no other test uses
 * const { stdout } = await kcat(["-b", broker.bootstrap, "-C", "-t", topic, "-e"]);
 * ```
 *
 * Under `deno task test` (tools/test.ts) the broker is started once and passed in through
 * TELEMETRA_TEST_BOOTSTRAP. When one file is run directly (`tools/deno test -A tests/x_test.ts`),
 * the first testBroker() call starts one on free ports, stopped when this process exits.
 * If the broker cannot start, testBroker() throws: Kafka tests fail, they never skip.
 */

import { type Broker, type BrokerOptions, startBroker } from "../../tools/kafka/broker.ts";
import { kafkaToolsDir } from "../../tools/kafka/jars.ts";

export type { Broker, BrokerOptions } from "../../tools/kafka/broker.ts";
export { freshTopic, kafkaTool, kcat, python, type RunOptions, type RunResult } from "./clients.ts";

/** Environment through which tools/test.ts hands its broker to the test processes. */
export const TEST_BROKER_ENV = {
  bootstrap: "TELEMETRA_TEST_BOOTSTRAP",
  logFile: "TELEMETRA_TEST_BROKER_LOG",
  dataDir: "TELEMETRA_TEST_BROKER_DATA_DIR",
  pid: "TELEMETRA_TEST_BROKER_PID",
  controllerPort: "TELEMETRA_TEST_BROKER_CONTROLLER_PORT",
} as const;

let shared: Promise<Broker> | undefined;

/**
 * The broker shared by every test of this run. Do not stop it (stop() and restart() throw);
 * tests that must stop or restart a broker use privateBroker().
 */
export function testBroker(): Promise<Broker> {
  shared ??= sharedBroker();
  return shared;
}

/**
 * A broker of your own, e.g. to stop and restart it or to give it SASL listeners:
 * `await using broker = await privateBroker({ listeners: [...] })`. Disposing stops it and
 * removes its temp data dir. Costs ≈3 s of start-up.
 */
export function privateBroker(options: BrokerOptions = {}): Promise<Broker> {
  return startBroker({
    ...options,
    extraProperties: { ...TEST_BROKER_PROPERTIES, ...options.extraProperties },
  });
}

/**
 * Settings of every test broker. Tests backfill events stamped in 2025, older than the default
 * 7-day retention: the broker's periodic retention check could delete a segment while a test
 * reads it back, so test brokers keep records for good.
 */
export const TEST_BROKER_PROPERTIES: Readonly<Record<string, string>> = {
  "log.retention.ms": "-1",
};

async function sharedBroker(): Promise<Broker> {
  const bootstrap = Deno.env.get(TEST_BROKER_ENV.bootstrap);
  if (bootstrap) return handedDown(bootstrap);
  const broker = await startBroker({ extraProperties: TEST_BROKER_PROPERTIES });
  globalThis.addEventListener("unload", () => {
    try {
      Deno.kill(broker.pid, "SIGKILL");
    } catch {
      // already gone
    }
    try {
      Deno.removeSync(broker.dataDir, { recursive: true });
    } catch {
      // nothing to clean
    }
  });
  return broker;
}

/** The runner's broker, described by the environment; this process does not own it. */
function handedDown(bootstrap: string): Broker {
  const port = Number(bootstrap.slice(bootstrap.lastIndexOf(":") + 1));
  const env = (name: string) => Deno.env.get(name) ?? "";
  const logFile = env(TEST_BROKER_ENV.logFile);
  const notOurs = () =>
    Promise.reject(
      new Error("the shared test broker belongs to tools/test.ts; use privateBroker() to stop one"),
    );
  return {
    bootstrap,
    port,
    controllerPort: Number(env(TEST_BROKER_ENV.controllerPort)),
    listeners: { PLAINTEXT: bootstrap },
    dataDir: env(TEST_BROKER_ENV.dataDir),
    logFile,
    pid: Number(env(TEST_BROKER_ENV.pid)),
    running: true,
    stop: notOurs,
    restart: notOurs,
    logTail(lines = 30) {
      try {
        return Deno.readTextFileSync(logFile).trimEnd().split("\n").slice(-lines).join("\n");
      } catch {
        return "(no broker log)";
      }
    },
    async [Symbol.asyncDispose]() {},
  };
}

/** The tools/kafka/ directory's scripts, for tests that drive them directly. */
export const kafkaScripts = kafkaToolsDir;
