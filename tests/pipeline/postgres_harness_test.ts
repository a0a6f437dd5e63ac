/** tests/support/postgres.ts: a real PostgreSQL server, started and always cleaned up. */
import assert from "node:assert/strict";
import { isAlive, isPortInUse, waitForExit } from "../../tools/kafka/processes.ts";
import { startPostgres } from "../support/postgres.ts";

const SUPPORT = new URL("../support/postgres.ts", import.meta.url).href;

function postmasterPid(dir: string): number {
  return Number(Deno.readTextFileSync(`${dir}/data/postmaster.pid`).split("\n")[0]);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("startPostgres() serves SQL on its own port, and stop() frees the port and removes its dir", async () => {
  const pg = await startPostgres();
  const pid = postmasterPid(pg.dir);
  try {
    assert.match(pg.url, new RegExp(`^postgres://postgres@127\\.0\\.0\\.1:${pg.port}/postgres$`));
    assert.equal(isPortInUse(pg.port), true);
    await pg.psql(
      "CREATE TABLE windows (channel text PRIMARY KEY, messages bigint, avg numeric(12,2));" +
        "INSERT INTO windows VALUES ('a', 3, 1.5), ('b', 0, NULL);",
    );
    assert.deepEqual(await pg.rows("SELECT channel, messages, avg FROM windows ORDER BY channel"), [
      ["a", "3", "1.50"],
      ["b", "0", ""],
    ]);
    assert.equal((await pg.psql("SELECT sum(messages) FROM windows")).trim(), "3");
    await assert.rejects(pg.psql("SELECT * FROM no_such_table"), /no_such_table/);
  } finally {
    await pg.stop();
  }
  assert.equal(isAlive(pid), false);
  assert.equal(isPortInUse(pg.port), false);
  assert.equal(exists(pg.dir), false);
  await pg.stop(); // a second stop is a no-op
});

Deno.test("a server whose test process is killed without stop() is stopped and removed by its watcher", async () => {
  const script = `
    const { startPostgres } = await import(${JSON.stringify(SUPPORT)});
    const pg = await startPostgres();
    console.log(JSON.stringify({ port: pg.port, dir: pg.dir }));
    await new Promise(() => setInterval(() => {}, 1000));`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let line = "";
  while (!line.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    line += value;
  }
  const { port, dir } = JSON.parse(line) as { port: number; dir: string };
  const pid = postmasterPid(dir);
  assert.equal(isPortInUse(port), true);

  child.kill("SIGKILL");
  await child.status;
  await reader.cancel();

  assert.equal(await waitForExit(pid, 15_000), true, `postmaster ${pid} still runs`);
  const deadline = Date.now() + 5_000;
  while (exists(dir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(exists(dir), false, `${dir} is still there`);
  assert.equal(isPortInUse(port), false);
});
