/** Reads the .env layer: `--env-file PATH`, else `.env` in the current directory if present. */
import { parseEnv } from "node:util";
import { UsageError } from "../errors.ts";

export function readDotenv(
  explicitPath: string | undefined,
  cwd: string,
): Record<string, string> {
  const path = explicitPath ?? `${cwd}/.env`;
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    if (explicitPath === undefined && error instanceof Deno.errors.NotFound) return {};
    const reason = error instanceof Error ? error.message.split(":")[0] : String(error);
    throw new UsageError(`cannot read env file ${JSON.stringify(path)} (${reason})`);
  }
  return { ...parseEnv(text) } as Record<string, string>;
}
