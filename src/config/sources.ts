/**
 * Layered configuration: flags > environment > .env file > defaults. A `Sources` value holds
 * the three layers as plain data; `lookup` says where a setting came from, so errors can too.
 */
export interface Sources {
  /** Flag values by option name (commander's camelCase keys); undefined when not given. */
  readonly flags: Readonly<Record<string, unknown>>;
  /** The process environment (only the variables the tool reads). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Variables from the .env file, if one was read. */
  readonly dotenv: Readonly<Record<string, string | undefined>>;
}

export interface Found {
  readonly raw: string;
  /** `--rate`, `RATE_PER_SEC` or `RATE_PER_SEC (from .env)`. */
  readonly label: string;
}

/** The raw value of one setting from the highest layer that has it. */
export function lookup(
  sources: Sources,
  flag: { key: string; name: string } | undefined,
  envName: string | undefined,
): Found | undefined {
  if (flag) {
    const value = sources.flags[flag.key];
    if (value !== undefined && value !== null && typeof value !== "boolean") {
      return { raw: String(value), label: flag.name };
    }
  }
  if (envName) {
    const fromEnv = sources.env[envName];
    if (fromEnv !== undefined) return { raw: fromEnv, label: envName };
    const fromFile = sources.dotenv[envName];
    if (fromFile !== undefined) return { raw: fromFile, label: `${envName} (from .env)` };
  }
  return undefined;
}

/** Parse a setting with `parse`, or return `fallback` when no layer sets it. */
export function setting<T>(
  sources: Sources,
  flag: { key: string; name: string } | undefined,
  envName: string | undefined,
  parse: (raw: string, label: string) => T,
  fallback: T,
): T {
  const found = lookup(sources, flag, envName);
  return found ? parse(found.raw, found.label) : fallback;
}
