/**
 * A throwaway PostgreSQL server for tests, from the binaries of Debian's `postgresql` package
 * (/usr/lib/postgresql/<version>/bin): `initdb -A trust` and `pg_ctl start` in a temp dir, on a
 * free port of 127.0.0.1, its socket in that dir; no system service is involved.
 *
 * ```ts
 * await using pg = await startPostgres();
 * await pg.psql("CREATE TABLE t (n int); INSERT INTO t VALUES (1)");
 * await pg.rows("SELECT n FROM t"); // [["1"]]
 * pg.url;      // postgres://postgres@127.0.0.1:PORT/postgres
 * pg.jdbcUrl;  // jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres
 * ```
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (which the
 * package creates) and the temp dir belongs to it. Should the test process die without stopping
 * the server, a small watcher stops it and removes the dir.
 */

import { freePorts } from "../../tools/kafka/processes.ts";
import { runProgram, type RunResult } from "./clients.ts";

export interface Postgres extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  /** The superuser, `postgres`; no password (trust authentication). */
  readonly user: string;
  readonly database: string;
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  readonly url: string;
  /** `jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres` */
  readonly jdbcUrl: string;
  /** The temp dir holding the data dir (`data/`), the socket and `postgres.log`. */
  readonly dir: string;
  readonly logFile: string;
  /** Runs `sql` (one or more statements) with psql; its stdout, unaligned, tuples only. */
  psql(sql: string): Promise<string>;
  /** The rows of a query as text, NULL as "". */
  rows(sql: string): Promise<string[][]>;
  /** Stops the server (fast shutdown; SIGKILL after 10 s) and removes its dir. Idempotent. */
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";
const USER = "postgres";
const DATABASE = "postgres";
const INSTALL_HINT = "install PostgreSQL's server with apt-get install postgresql";
const STOP_TIMEOUT_S = 10;
/** Between the fields of rows(): a character that SQL values in tests never hold. */
const FIELD_SEPARATOR = "\x1f";

/** Starts a server; throws with the tail of its log when it cannot start. */
export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir();
  const owner = await serverUser();
  const dir = await Deno.makeTempDir({ prefix: "telemetra-pg-" });
  const dataDir = `${dir}/data`;
  const logFile = `${dir}/postgres.log`;
  const asOwner = (argv: readonly string[]) =>
    owner === undefined ? [...argv] : ["runuser", "-u", owner.name, "--", ...argv];
  try {
    if (owner !== undefined) await Deno.chown(dir, owner.uid, owner.gid);
    await must(
      asOwner([
        `${bin}/initdb`,
        "-D",
        dataDir,
        "-A",
        "trust",
        "-U",
        USER,
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
        "--no-instructions",
      ]),
      "initdb",
    );
    const port = await startServer(asOwner, bin, dataDir, dir, logFile);
    const watcher = await watchOwner(
      asOwner([`${bin}/pg_ctl`, "stop", "-D", dataDir, "-m", "immediate"]),
      dir,
    );
    return server({ bin, dir, dataDir, logFile, port, watcher, asOwner });
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
}

/** The bin dir of the newest PostgreSQL under /usr/lib/postgresql. */
export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  let versions: number[] = [];
  try {
    versions = [...Deno.readDirSync(root)]
      .map((entry) => entry.name)
      .filter((name) => /^\d+$/.test(name) && exists(`${root}/${name}/bin/initdb`))
      .map(Number);
  } catch {
    // no PostgreSQL at all
  }
  if (versions.length === 0) {
    throw new Error(`no PostgreSQL server binaries under ${root}; ${INSTALL_HINT}`);
  }
  return `${root}/${Math.max(...versions)}/bin`;
}

interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** The user to run the server as: undefined (ourselves) unless we are root. */
async function serverUser(): Promise<ServerUser | undefined> {
  if (Deno.uid() !== 0) return undefined;
  const id = (flag: string) => runProgram("id", [flag, USER]);
  const [uid, gid] = await Promise.all([id("-u"), id("-g")]);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(
      `PostgreSQL cannot run as root and there is no "${USER}" user; ${INSTALL_HINT}`,
    );
  }
  return { name: USER, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

type AsOwner = (argv: readonly string[]) => string[];

/**
 * `pg_ctl start` on a free port; returns the port. Another process may take the port between
 * our look and the server's bind, so a bind failure is retried on a new port.
 */
async function startServer(
  asOwner: AsOwner,
  bin: string,
  dataDir: string,
  socketDir: string,
  logFile: string,
): Promise<number> {
  for (let attempt = 1;; attempt++) {
    const port = freePorts(1)[0];
    const options = [
      `-p ${port}`,
      `-k '${socketDir}'`,
      `-c listen_addresses=${HOST}`,
      "-c fsync=off",
      "-c full_page_writes=off",
    ].join(" ");
    const started = await exec(
      asOwner([
        `${bin}/pg_ctl`,
        "start",
        "-D",
        dataDir,
        "-l",
        logFile,
        "-w",
        "-t",
        "30",
        "-o",
        options,
      ]),
      45_000,
    );
    if (started.code === 0) return port;
    const log = tail(logFile);
    if (attempt < 3 && /could not bind|address already in use/i.test(log)) continue;
    throw new Error(
      `PostgreSQL did not start (pg_ctl exit ${started.code}):\n${started.stderr}${log}`,
    );
  }
}

/**
 * A detached shell that waits for this process to end and then runs `stopArgv` and removes
 * `dir`: so a crashed or killed test leaves no server behind. Returns its pid.
 */
async function watchOwner(stopArgv: readonly string[], dir: string): Promise<number> {
  const script = `
    owner="$1"; dir="$2"; shift 2
    (
      trap '' INT
      while kill -0 "$owner" 2>/dev/null; do sleep 1; done
      "$@"
      rm -rf -- "$dir"
    ) >/dev/null 2>&1 </dev/null &
    echo $!`;
  const result = await must(
    ["bash", "-c", script, "watch", String(Deno.pid), dir, ...stopArgv],
    "watcher",
  );
  return Number(result.stdout.trim());
}

interface Started {
  readonly bin: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly port: number;
  readonly watcher: number;
  readonly asOwner: AsOwner;
}

function server(started: Started): Postgres {
  const { bin, dir, dataDir, logFile, port, watcher, asOwner } = started;
  let stopping: Promise<void> | undefined;
  const psqlArgs = (extra: readonly string[]) => [
    "-X",
    "-q",
    "-A",
    "-t",
    "-v",
    "ON_ERROR_STOP=1",
    "-h",
    HOST,
    "-p",
    String(port),
    "-U",
    USER,
    "-d",
    DATABASE,
    ...extra,
    "-f",
    "-",
  ];
  const psql = async (sql: string, extra: readonly string[] = []) => {
    const result = await runProgram(`${bin}/psql`, psqlArgs(extra), sql, {
      env: { PGCONNECT_TIMEOUT: "5" },
    });
    if (result.code !== 0) {
      throw new Error(`psql exited ${result.code}: ${result.stderr.trim()}\nSQL: ${sql}`);
    }
    return result.stdout;
  };
  const stop = () => {
    stopping ??= (async () => {
      try {
        Deno.kill(watcher, "SIGKILL");
      } catch {
        // already gone
      }
      const stopped = await exec(
        asOwner([
          `${bin}/pg_ctl`,
          "stop",
          "-D",
          dataDir,
          "-m",
          "fast",
          "-w",
          "-t",
          String(STOP_TIMEOUT_S),
        ]),
        (STOP_TIMEOUT_S + 5) * 1000,
      );
      if (stopped.code !== 0) await killPostmaster(dataDir);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    })();
    return stopping;
  };
  return {
    host: HOST,
    port,
    user: USER,
    database: DATABASE,
    url: `postgres://${USER}@${HOST}:${port}/${DATABASE}`,
    jdbcUrl: `jdbc:postgresql://${HOST}:${port}/${DATABASE}?user=${USER}`,
    dir,
    logFile,
    psql: (sql) => psql(sql),
    async rows(sql) {
      const out = await psql(sql, ["-F", FIELD_SEPARATOR, "-0"]);
      return out.split("\0").map((row) => row.replace(/\n$/, "")).filter((row) => row !== "")
        .map((row) => row.split(FIELD_SEPARATOR));
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** The last resort when pg_ctl could not stop it: SIGKILL the postmaster named in its pid file. */
async function killPostmaster(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(Deno.readTextFileSync(`${dataDir}/postmaster.pid`).split("\n")[0]);
  } catch {
    return;
  }
  try {
    Deno.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  const deadline = Date.now() + 5_000;
  while (exists(`/proc/${pid}`) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exec(argv: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  return runProgram(argv[0], argv.slice(1), undefined, { timeoutMs }, INSTALL_HINT);
}

async function must(argv: readonly string[], what: string): Promise<RunResult> {
  const result = await exec(argv);
  if (result.code !== 0) {
    throw new Error(
      `${what} failed (exit ${result.code}): ${(result.stderr + result.stdout).trim()}`,
    );
  }
  return result;
}

function tail(file: string, lines = 20): string {
  try {
    return Deno.readTextFileSync(file).trimEnd().split("\n").slice(-lines).join("\n") + "\n";
  } catch {
    return "";
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
