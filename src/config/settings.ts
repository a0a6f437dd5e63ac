/**
 * A command's settings declared once, as a table: each row names its flag, its environment
 * variable, its parser, its default and its help text. The CLI builds its options and `--help`
 * from the rows, `resolveSettings` turns the layers into a typed value, and tests check
 * `.env.example` and the reference tables in the docs against the same rows.
 */
import { lookup, type Sources } from "./sources.ts";

/** Parses a raw flag or env value; `label` names where it came from, for the error message. */
export type Parser<T> = (raw: string, label: string) => T;

export interface SettingSpec<T> {
  /**
   * The flag as commander declares it: `-r, --rate <n>` (takes a value), `--stdout` (a switch
   * that turns something on) or `--no-chat` (a switch that turns something off). Absent for a
   * setting read only from the environment.
   */
  readonly flag?: string;
  /** The environment (and .env) variable; absent for a flag-only setting. */
  readonly env?: string;
  /** Parses a value given as a flag or variable (switches parse only their variable). */
  readonly parse: Parser<T>;
  /** The value when no layer sets it. */
  readonly fallback: T;
  /**
   * The default as a user would write it (`10`, `5s`, `kafka:9092`): shown in `--help` and the
   * docs, and a test checks that parsing it gives `fallback`.
   */
  readonly literal?: string;
  /** The default in words when no value stands for it (`random, logged`, `auto`, `off`). */
  readonly note?: string;
  /** What the setting does, for `--help` (the env and default are appended). */
  readonly help: string;
  /** A flag given more than once collects its values into a list (`--topic`). */
  readonly repeatable?: boolean;
}

/** A command's table: rows by the name its resolved value takes. */
export type SettingsTable = Readonly<Record<string, SettingSpec<unknown>>>;

/** The typed value a table resolves to. */
export type Resolved<Table extends SettingsTable> = {
  readonly [K in keyof Table]: Table[K] extends SettingSpec<infer T> ? T : never;
};

/** Declares a table, keeping each row's value type. */
export function defineSettings<Table extends SettingsTable>(table: Table): Table {
  return table;
}

/** `--bootstrap-server` from `-b, --bootstrap-server <list>`; `--no-chat` stays as it is. */
export function flagName(flag: string): string {
  const long = /--[a-z0-9-]+/.exec(flag);
  if (!long) throw new TypeError(`a flag needs a long name, got ${JSON.stringify(flag)}`);
  return long[0];
}

/** Commander's key for the flag's value: `bootstrapServer`; `chat` for `--no-chat`. */
export function flagKey(flag: string): string {
  return flagName(flag).replace(/^--(no-)?/, "").replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** Whether the flag is a switch, and which way it turns its setting. */
export function switchOf(flag: string): "on" | "off" | undefined {
  if (/[<[]/.test(flag)) return undefined;
  return flagName(flag).startsWith("--no-") ? "off" : "on";
}

/** The default as shown to a user: the literal, else the words, else undefined (none). */
export function defaultText(spec: SettingSpec<unknown>): string | undefined {
  return spec.literal ?? spec.note;
}

/** `--help`'s description: what it does, then where else it is read and its default. */
export function helpText(spec: SettingSpec<unknown>): string {
  const where: string[] = [];
  const turnsOff = spec.flag !== undefined && switchOf(spec.flag) === "off";
  if (spec.env !== undefined) where.push(turnsOff ? `env ${spec.env}=false` : `env ${spec.env}`);
  // A flag-only setting's help already says what happens without it ("stop after N events").
  const shown = spec.env !== undefined ? defaultText(spec) : spec.literal;
  if (shown !== undefined && !turnsOff) where.push(`default ${shown}`);
  return where.length > 0 ? `${spec.help} (${where.join(", ")})` : spec.help;
}

/** One setting's value from flags > env > .env > its default. */
export function resolveSetting<T>(spec: SettingSpec<T>, sources: Sources): T {
  if (spec.flag !== undefined) {
    const key = flagKey(spec.flag);
    const given = sources.flags[key];
    if (spec.repeatable) {
      if (given !== undefined) return given as T;
    } else {
      const way = switchOf(spec.flag);
      // commander sets a `--no-x` key to true unless the switch was given: only false counts.
      if (way === "off" && given === false) return false as T;
      if (way === "on" && given === true) return true as T;
    }
  }
  const flag = spec.flag !== undefined && switchOf(spec.flag) === undefined && !spec.repeatable
    ? { key: flagKey(spec.flag), name: flagName(spec.flag) }
    : undefined;
  const found = lookup(sources, flag, spec.env);
  return found ? spec.parse(found.raw, found.label) : spec.fallback;
}

/** Every row of a table, resolved in the table's order (so the first bad value is reported). */
export function resolveSettings<Table extends SettingsTable>(
  table: Table,
  sources: Sources,
): Resolved<Table> {
  return Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [name, resolveSetting(spec, sources)]),
  ) as Resolved<Table>;
}

/** A table's rows in order, as plain specs. */
export function rowsOf(table: SettingsTable): SettingSpec<unknown>[] {
  return Object.values(table);
}

/** The environment variables a table reads. */
export function envNames(table: SettingsTable): string[] {
  return rowsOf(table).flatMap((spec) => spec.env !== undefined ? [spec.env] : []);
}

/**
 * Where a setting was given (`--rate`, `RATE_PER_SEC`…), or undefined when its default is in
 * play: for settings that only make sense in some combinations.
 */
export function givenAs(spec: SettingSpec<unknown>, sources: Sources): string | undefined {
  if (spec.flag !== undefined) {
    const given = sources.flags[flagKey(spec.flag)];
    const way = switchOf(spec.flag);
    if ((way === "off" && given === false) || (way === "on" && given === true)) {
      return flagName(spec.flag);
    }
  }
  const flag = spec.flag !== undefined && switchOf(spec.flag) === undefined
    ? { key: flagKey(spec.flag), name: flagName(spec.flag) }
    : undefined;
  return lookup(sources, flag, spec.env)?.label;
}
