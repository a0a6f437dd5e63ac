/**
 * Connecting: retry exhaustion against a closed port, and which layer's Kafka settings win
 * (flag > environment > .env), told apart by the address and attempt count in the outcome.
 */
import assert from "node:assert/strict";
import { type CliResult, runCli } from "../support/cli.ts";
import { assertOk, freshPrefix, summaryOf, testBroker } from "./support.ts";

/** A 127.0.0.1 port nothing listens on (bound once by the OS, then released). */
function closedPort(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return `127.0.0.1:${port}`;
}

/** A working directory holding a .env file with these variables. */
async function dirWithDotenv(vars: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "produce-dotenv-" });
  const text = Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join("");
  await Deno.writeTextFile(`${dir}/.env`, text);
  return dir;
}

/** The stderr's only `error:` line, which must be its last line, with no stack trace. */
function oneLineError(result: CliResult): string {
  const lines = result.stderr.trimEnd().split("\n");
  const errors = lines.filter((l) => l.startsWith("error:"));
  assert.equal(errors.length, 1, result.stderr);
  assert.equal(lines.at(-1), errors[0], result.stderr);
  assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
  return errors[0]!;
}

const produceFew = (prefix: string) => [
  "produce",
  "--count",
  "20",
  "--rate",
  "0",
  "--topic-prefix",
  prefix,
];

Deno.test("produce gives up on a closed port with one error line and exit 1 within --retries x --retry-delay", async () => {
  const closed = closedPort();
  const began = performance.now();
  const result = await runCli([
    ...produceFew(freshPrefix("closed")),
    "-b",
    closed,
    "--retries",
    "2",
    "--retry-delay",
    "200ms",
  ]);
  const elapsedMs = performance.now() - began;
  assert.equal(result.code, 1, result.stderr);
  assert.equal(
    oneLineError(result),
    `error: cannot reach Kafka at ${closed} after 2 attempts (connection refused)`,
  );
  assert.match(result.stderr, new RegExp(`attempt 2/2`));
  assert.doesNotMatch(result.stderr, /attempt 3/);
  assert.doesNotMatch(result.stderr, /TimeoutNegativeWarning|KafkaJS/);
  // A bound, not a speed measurement: the default budget (10 attempts, 5 s apart) is 45 s or
  // more; 2 attempts 200 ms apart must end well inside 15 s, process start included.
  assert.ok(elapsedMs < 15_000, `took ${elapsedMs.toFixed(0)} ms`);
});

Deno.test("produce takes KAFKA_BOOTSTRAP_SERVERS from the environment over .env", async () => {
  const { bootstrap } = await testBroker();
  const wrong = closedPort();
  // Wrong in .env, right in env: connects to the right one.
  const cwd = await dirWithDotenv({ KAFKA_BOOTSTRAP_SERVERS: wrong, KAFKA_RETRIES: "1" });
  try {
    const ok = await runCli(produceFew(freshPrefix("env-over-dotenv")), {
      cwd,
      env: { KAFKA_BOOTSTRAP_SERVERS: bootstrap },
    });
    assertOk(ok);
    assert.match(ok.stderr, new RegExp(`Successfully connected to Kafka at ${bootstrap}`));
    assert.equal(summaryOf(ok.stderr).delivered, 20);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
  // Right in .env, wrong in env: fails on the env's address, with the env's retries and the
  // .env's delay (a setting the env does not give still comes from .env).
  const cwd2 = await dirWithDotenv({
    KAFKA_BOOTSTRAP_SERVERS: bootstrap,
    KAFKA_RETRIES: "5",
    KAFKA_RETRY_DELAY: "100ms",
  });
  try {
    const failed = await runCli(produceFew(freshPrefix("env-over-dotenv-2")), {
      cwd: cwd2,
      env: { KAFKA_BOOTSTRAP_SERVERS: wrong, KAFKA_RETRIES: "2" },
    });
    assert.equal(failed.code, 1, failed.stderr);
    assert.equal(
      oneLineError(failed),
      `error: cannot reach Kafka at ${wrong} after 2 attempts (connection refused)`,
    );
    assert.match(failed.stderr, /retrying in 100ms/);
  } finally {
    await Deno.remove(cwd2, { recursive: true });
  }
});

Deno.test("produce takes --bootstrap-server and --retries flags over the environment", async () => {
  const { bootstrap } = await testBroker();
  const wrong = closedPort();
  // Wrong in env, right as a flag: connects.
  const ok = await runCli([...produceFew(freshPrefix("flag-over-env")), "-b", bootstrap], {
    env: { KAFKA_BOOTSTRAP_SERVERS: wrong, KAFKA_RETRIES: "1" },
  });
  assertOk(ok);
  assert.match(ok.stderr, new RegExp(`Successfully connected to Kafka at ${bootstrap}`));
  assert.equal(summaryOf(ok.stderr).delivered, 20);
  // Right in env, wrong as a flag: fails on the flag's address after the flag's attempts.
  const failed = await runCli([
    ...produceFew(freshPrefix("flag-over-env-2")),
    "--bootstrap-server",
    wrong,
    "--retries",
    "3",
  ], {
    env: { KAFKA_BOOTSTRAP_SERVERS: bootstrap, KAFKA_RETRIES: "6", KAFKA_RETRY_DELAY: "100ms" },
  });
  assert.equal(failed.code, 1, failed.stderr);
  assert.equal(
    oneLineError(failed),
    `error: cannot reach Kafka at ${wrong} after 3 attempts (connection refused)`,
  );
});
