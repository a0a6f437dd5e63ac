/**
 * The README's and docs/produce.md's reference tables and .env.example, checked against the
 * settings tables: a default written in the docs is the one the code uses, and no setting is
 * left out or invented. The README holds one table per command, each under its heading.
 */
import assert from "node:assert/strict";
import { RUN_SETTINGS } from "../../src/cli/sources.ts";
import { KAFKA_SETTINGS } from "../../src/config/kafka.ts";
import { PRODUCE_SETTINGS } from "../../src/config/produce.ts";
import { CONSUME_SETTINGS } from "../../src/consume/options.ts";
import { defaultText, flagName, rowsOf, type SettingSpec } from "../../src/config/settings.ts";
import { resolveProduceConfig } from "../../src/config/produce.ts";
import { parseEnv } from "node:util";
import { renderEnvExample } from "../../tools/env_example.ts";

const ROOT = new URL("../../", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, ROOT));

const PRODUCE_ROWS = [PRODUCE_SETTINGS, RUN_SETTINGS, KAFKA_SETTINGS].flatMap(rowsOf);
/** consume's table leaves the connection's rows to produce's. */
const CONSUME_ROWS = [CONSUME_SETTINGS, RUN_SETTINGS].flatMap(rowsOf);

function byId(rows: readonly SettingSpec<unknown>[], id: string): SettingSpec<unknown> | undefined {
  return rows.find((spec) => spec.env === id || (spec.flag && flagName(spec.flag) === id));
}

interface DocRow {
  readonly line: number;
  readonly flags: string[];
  readonly envs: string[];
  readonly default: string;
}

/** The rows of every Markdown table whose header starts `| flag | env… | default |`. */
function referenceRows(markdown: string): DocRow[] {
  const rows: DocRow[] = [];
  let inTable = false;
  markdown.split("\n").forEach((text, index) => {
    if (!text.startsWith("|")) {
      inTable = false;
      return;
    }
    const cells = text.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    if (/^flag$/.test(cells[0] ?? "") && /^env/.test(cells[1] ?? "") && cells[2] === "default") {
      inTable = true;
      return;
    }
    if (!inTable || /^-+$/.test(cells[0] ?? "")) return;
    rows.push({
      line: index + 1,
      flags: [...cells[0]!.matchAll(/--[a-z0-9-]+/g)].map((m) => m[0]),
      envs: [...cells[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!),
      default: cells[2]!.replaceAll("`", ""),
    });
  });
  return rows;
}

/** The lines under `heading` up to the next heading of its level or higher (code skipped). */
function section(markdown: string, heading: string): { text: string; first: number } {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `no heading ${heading}`);
  const level = heading.indexOf(" ");
  let inCode = false;
  let end = lines.length;
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith("```")) inCode = !inCode;
    if (!inCode && /^#+ /.test(line) && line.indexOf(" ") <= level) {
      end = index;
      break;
    }
  }
  return { text: lines.slice(start, end).join("\n"), first: start };
}

function checkReference(
  path: string,
  settings: readonly SettingSpec<unknown>[],
  heading?: string,
) {
  const { text: markdown, first } = heading !== undefined
    ? section(read(path), heading)
    : { text: read(path), first: 0 };
  const rows = referenceRows(markdown).map((row) => ({ ...row, line: row.line + first }));
  assert.ok(rows.length > 0, `${path} has no reference table`);
  const listed = new Set<string>();
  for (const row of rows) {
    for (const id of [...row.flags, ...row.envs]) {
      const spec = byId(settings, id);
      assert.ok(spec, `${path}:${row.line}: ${id} is not a setting`);
      assert.equal(row.default, defaultText(spec) ?? "", `${path}:${row.line}: default of ${id}`);
      listed.add(id);
    }
  }
  for (const spec of settings) {
    if (spec.flag !== undefined) {
      assert.ok(listed.has(flagName(spec.flag)), `${path} lists no ${flagName(spec.flag)}`);
    }
    if (spec.env !== undefined) {
      assert.ok(markdown.includes(`\`${spec.env}\``), `${path} never names ${spec.env}`);
    }
  }
}

Deno.test("README's produce table shows every setting with the default the code uses", () => {
  checkReference("README.md", PRODUCE_ROWS, "### produce");
});

Deno.test("README's consume table shows every setting with the default the code uses", () => {
  checkReference("README.md", CONSUME_ROWS, "### consume");
});

Deno.test("docs/produce.md's tables show every setting with the default the code uses", () => {
  checkReference("docs/produce.md", PRODUCE_ROWS);
});

Deno.test(".env.example names every variable, and a default it shows is the real one", () => {
  const text = read(".env.example");
  const assigned = new Map<string, string>();
  for (const match of text.matchAll(/^(#\s*)?([A-Z][A-Z0-9_]+)=(\S*)/gm)) {
    const [, commented, name, value] = match;
    const spec = byId(PRODUCE_ROWS, name!);
    assert.ok(spec, `.env.example sets ${name}, which is not a setting`);
    assert.ok(!assigned.has(name!), `.env.example sets ${name} twice`);
    assigned.set(name!, value!);
    if (value === "") continue;
    if (spec.literal !== undefined) {
      assert.deepEqual(
        spec.parse(value!, name!),
        spec.fallback,
        `${name}=${value} is not the default`,
      );
    } else {
      assert.ok(commented, `${name}=${value} is an example, not a default: comment it out`);
    }
  }
  for (const spec of PRODUCE_ROWS) {
    if (spec.env !== undefined) assert.ok(assigned.has(spec.env), `.env.example lacks ${spec.env}`);
  }
});

Deno.test(".env.example is what `deno task env-example` writes from the settings tables", () => {
  assert.equal(
    read(".env.example"),
    renderEnvExample(),
    ".env.example drifted from the settings tables: run `tools/deno task env-example`",
  );
});

Deno.test("a .env copied from .env.example, every default line uncommented, changes nothing", () => {
  const uncommented = read(".env.example").split("\n").map((line) => {
    const match = /^# ([A-Z][A-Z0-9_]+)=(.*)$/.exec(line);
    const spec = match ? byId(PRODUCE_ROWS, match[1]!) : undefined;
    return spec?.literal !== undefined ? line.slice(2) : line;
  }).join("\n");
  const dotenv = { ...parseEnv(uncommented) } as Record<string, string>;
  const withDefault = PRODUCE_ROWS.filter((spec) => spec.env && spec.literal !== undefined);
  assert.deepEqual(Object.keys(dotenv).sort(), withDefault.map((spec) => spec.env).sort());
  assert.deepEqual(
    resolveProduceConfig({ flags: {}, env: {}, dotenv }),
    resolveProduceConfig({ flags: {}, env: {}, dotenv: {} }),
  );
});
