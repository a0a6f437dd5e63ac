/**
 * An independent recount of the truth's windows from event values as a consumer sees them (not
 * through src/truth): the reference the truth tests compare windows.csv with.
 */
export interface Recount {
  chat: number;
  chatters: Set<string>;
  bits: number;
  samples: number;
  viewers: number[];
  transactions: number;
  cents: number;
}

/** CSV lines (no header) of the windows of `values`, sorted, formatted like windows.csv. */
export function recountCsv(values: readonly Record<string, unknown>[], windowS = 60): string[] {
  const windows = new Map<string, Recount>();
  for (const v of values) {
    const ms = Date.parse(v.timestamp as string);
    const start = Math.floor(ms / (windowS * 1000)) * windowS * 1000;
    const key = `${new Date(start).toISOString().slice(0, 19)}Z,${v.channel}`;
    let w = windows.get(key);
    if (w === undefined) {
      windows.set(
        key,
        w = {
          chat: 0,
          chatters: new Set(),
          bits: 0,
          samples: 0,
          viewers: [],
          transactions: 0,
          cents: 0,
        },
      );
    }
    if ("message_id" in v) {
      w.chat++;
      w.chatters.add(v.username as string);
      w.bits += v.bits as number;
    } else if ("viewer_count" in v) {
      w.samples++;
      w.viewers.push(v.viewer_count as number);
    } else if ("transaction_id" in v) {
      w.transactions++;
      w.cents += Math.round((v.amount as number) * 100);
    }
  }
  return [...windows.keys()].sort().map((key) => {
    const w = windows.get(key)!;
    const sum = w.viewers.reduce((a, b) => a + b, 0);
    // Half up, on integers: (sum / n) to 2 decimals.
    const avg = w.samples === 0 ? "" : (Math.floor((200 * sum + w.samples) / (2 * w.samples)) / 100)
      .toFixed(2);
    return [
      key,
      w.chat,
      w.chatters.size,
      w.bits,
      w.samples,
      avg,
      w.samples === 0 ? "" : Math.max(...w.viewers),
      w.transactions,
      (w.cents / 100).toFixed(2),
    ].join(",");
  });
}
