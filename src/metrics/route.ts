/** The `/metrics` route, to hand to the health server's `routes`. */
import { EXPOSITION_CONTENT_TYPE } from "./exposition.ts";

export const METRICS_PATH = "/metrics";

/** Answers GET and HEAD `/metrics` with `render()`; anything else falls through (undefined). */
export function metricsRoute(render: () => string): (request: Request) => Response | undefined {
  return (request) => {
    if (new URL(request.url).pathname !== METRICS_PATH) return undefined;
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("method not allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    return new Response(request.method === "HEAD" ? null : render(), {
      headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" },
    });
  };
}
