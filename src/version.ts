/** The program's version, from deno.json (embedded at compile time). */
import denoJson from "../deno.json" with { type: "json" };

export const VERSION: string = denoJson.version;
