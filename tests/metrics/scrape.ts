/** Test helpers: scrape a running server's /metrics and /healthz. */
import assert from "node:assert/strict";

/** `metric{labels} value` lines of a scrape, as a map from `metric{labels}` to the value. */
export async function scrape(port: number): Promise<Map<string, number>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const series = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    series.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return series;
}

/** Sum of a metric over its label sets. */
export function total(series: Map<string, number>, name: string): number {
  let sum = 0;
  for (const [key, value] of series) {
    if (key === name || key.startsWith(`${name}{`)) sum += value;
  }
  return sum;
}

/** The HTTP status of /healthz. */
export async function healthStatus(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  await response.body?.cancel();
  return response.status;
}
