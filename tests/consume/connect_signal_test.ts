import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";

/** A local port nobody listens on: connecting is refused at once, so the CLI keeps retrying. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

const COMMANDS = {
  consume: ["consume", "-e"],
  produce: ["produce", "--count", "10"],
} as const;

for (const [command, args] of Object.entries(COMMANDS)) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.test(`${command} exits 130 on a first ${signal} while still connecting to Kafka`, async () => {
      const where = `127.0.0.1:${closedPort()}`;
      const run = await runCli(
        [...args, "-b", where, "--retries", "100", "--retry-delay", "1s"],
        { signal: { name: signal, afterStderr: /retrying in/ }, timeoutMs: 30_000 },
      );
      assert.equal(run.code, 130, run.stderr);
      assert.equal(
        run.stderr.trim().split("\n").at(-1),
        `error: interrupted while connecting to Kafka at ${where}`,
      );
    });
  }
}
