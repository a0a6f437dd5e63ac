/**
 * `verify` against a real PostgreSQL (Debian's server, started by the harness): the truth loaded
 * into a table typed as a pipeline would type it (timestamp without zone, bigint, numeric), then
 * broken the way pipelines break it.
 */
import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";
import { startPostgres } from "../support/postgres.ts";

Deno.test("verify reads a PostgreSQL table: match, a wrong cell named, a failing query in one line", async () => {
  await using pg = await startPostgres();
  const dir = await Deno.makeTempDir();
  const made = await runCli([
    "produce",
    "--stdout",
    "--start",
    "2025-10-16T00:00:00Z",
    "--until",
    "2025-10-16T00:15:00Z",
    "--rate",
    "10",
    "--seed",
    "9",
    "--channels",
    "a,b",
    "--truth",
    dir,
  ]);
  assert.equal(made.code, 0, made.stderr);
  const [, ...rows] = Deno.readTextFileSync(`${dir}/windows.csv`).trimEnd().split("\n");
  const values = rows.map((row) => {
    const c = row.split(",").map((v) => v === "" ? "NULL" : v);
    return `('${c[0]!.replace("T", " ").replace("Z", "")}', '${c[1]}', ${c.slice(2).join(", ")})`;
  });
  await pg.psql(`
    CREATE TABLE minutes (
      window_start timestamp NOT NULL, channel text NOT NULL, chat_messages bigint,
      unique_chatters bigint, chat_bits bigint, viewer_samples bigint, viewer_avg numeric(12,2),
      viewer_max integer, transactions bigint, revenue_usd numeric(14,2),
      PRIMARY KEY (window_start, channel));
    INSERT INTO minutes VALUES ${values.join(",\n")};`);
  const verify = (query: string) =>
    runCli(["verify", "--truth", dir, pg.url, "--query", query], { env: { TZ: "Asia/Tokyo" } });

  const same = await verify("SELECT * FROM minutes ORDER BY channel");
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /all 30 windows match/);

  await pg.psql(
    "UPDATE minutes SET unique_chatters = unique_chatters + 1 WHERE window_start = '2025-10-16 00:05:00' AND channel = 'b'",
  );
  const wrong = await verify("SELECT * FROM minutes");
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /1 differing values \(unique_chatters 1\)/);
  assert.match(wrong.stdout, /different\s+2025-10-16T00:05:00Z\s+b\s+unique_chatters/);

  const failing = await verify("SELECT * FROM no_such_table");
  assert.equal(failing.code, 2);
  assert.equal(
    failing.stderr,
    `error: ${pg.url}: relation "no_such_table" does not exist\n`,
  );
  await Deno.remove(dir, { recursive: true });
});
