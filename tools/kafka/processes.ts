/** Processes and ports on this machine, as the local broker needs them (Linux /proc). */

import { HOST } from "./server_properties.ts";

/**
 * True while `pid` runs; a zombie (exited, not yet reaped) counts as gone. A killed JVM's main
 * thread turns zombie before its other threads have exited (they still hold its sockets and
 * files), so the process counts as running while any of its threads does.
 */
export function isAlive(pid: number): boolean {
  const state = taskState(`/proc/${pid}/stat`);
  if (state === undefined) return false;
  if (state !== "Z" && state !== "X") return true;
  try {
    for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
      const s = taskState(`/proc/${pid}/task/${task.name}/stat`);
      if (s !== undefined && s !== "Z" && s !== "X") return true;
    }
  } catch {
    // gone meanwhile
  }
  return false;
}

/** The state letter of a /proc stat file, undefined when it cannot be read. */
function taskState(statFile: string): string | undefined {
  let stat: string;
  try {
    stat = Deno.readTextFileSync(statFile);
  } catch {
    return undefined;
  }
  // "pid (comm) S ...": the state follows the last ")" since comm may contain one.
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
}

/** Polls until `pid` is gone or `ms` passed; true when it is gone. */
export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Pids of live java processes whose command line mentions `needle` (e.g. a broker's data dir). */
export function javaProcessesMentioning(needle: string): number[] {
  return javaProcessesWhere((arg) => arg.includes(needle));
}

/** Pids of live java processes with exactly `argument` among their arguments. */
export function javaProcessesWithArgument(argument: string): number[] {
  return javaProcessesWhere((arg) => arg === argument);
}

function javaProcessesWhere(matches: (arg: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    let argv: string[];
    try {
      argv = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).split("\0");
    } catch {
      continue; // exited while we looked
    }
    const isJava = argv[0] !== undefined && /(^|\/)java$/.test(argv[0]);
    const pid = Number(entry.name);
    if (isJava && argv.some(matches) && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

/** True when something already listens on 127.0.0.1:`port` (or on all interfaces). */
export function isPortInUse(port: number): boolean {
  try {
    Deno.listen({ hostname: HOST, port }).close();
    return false;
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) return true;
    throw error;
  }
}

/** `count` distinct ports that were free on 127.0.0.1 a moment ago. */
export function freePorts(count: number): number[] {
  const listeners = Array.from({ length: count }, () => Deno.listen({ hostname: HOST, port: 0 }));
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}
