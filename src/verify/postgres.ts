/**
 * The one module that talks to PostgreSQL (through postgres.js, a maintained pure-JavaScript
 * driver that runs under Deno and in the compiled binary). Runs one query and returns its rows
 * as a table; timestamps come back as the server's text, so no local time zone gets in the way.
 */
import postgres from "postgres";
import { UsageError } from "../errors.ts";
import type { Cell, Table } from "./table.ts";

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`: a password is never shown. */
export function redactUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*):[^@]*@/, "$1:***@");
}

export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

const TEXT_TYPES = {
  // date, timestamp, timestamptz, numeric: as the server writes them.
  text: {
    to: 25,
    from: [1082, 1114, 1184, 1700],
    serialize: (x: unknown) => String(x),
    parse: (x: string) => x,
  },
};

/** Runs `query` against `url`; any failure is a one-line UsageError (exit 2). */
export async function queryTable(url: string, query: string, timeoutMs = 10_000): Promise<Table> {
  const shown = redactUrl(url);
  let sql: ReturnType<typeof postgres> | undefined;
  try {
    sql = postgres(url, {
      max: 1,
      connect_timeout: Math.ceil(timeoutMs / 1000),
      idle_timeout: 1,
      onnotice: () => {},
      types: TEXT_TYPES,
      // int8 and numeric as text too: counts stay exact however large.
      transform: { undefined: null },
    });
    const result = await sql.unsafe(query);
    const columns = result.columns?.map((c) => c.name) ?? [];
    const rows = result.map((row) => {
      const out: Record<string, Cell> = {};
      for (const [key, value] of Object.entries(row)) {
        out[key] = typeof value === "bigint" ? value.toString() : value as Cell;
      }
      return out;
    });
    return { columns, rows };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${shown}: ${message.split("\n")[0]!.replaceAll(url, shown)}`);
  } finally {
    await sql?.end({ timeout: 1 }).catch(() => {});
  }
}
