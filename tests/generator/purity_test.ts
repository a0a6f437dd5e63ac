/** src/generator/ is pure: no clock, no global randomness, no Deno APIs, no foreign imports. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../src/generator/", import.meta.url));
const FORBIDDEN = [
  /Date\.now/,
  /Math\.random/,
  /crypto\.randomUUID/,
  /\bDeno\./,
  /performance\.now/,
];

function sources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`.replace("//", "/");
    if (entry.isDirectory) files.push(...sources(path));
    else if (entry.name.endsWith(".ts")) files.push(path);
  }
  return files;
}

/** Problems in one source text: forbidden calls and imports other than relative or pure-rand. */
export function impurities(text: string): string[] {
  const found = FORBIDDEN.filter((re) => re.test(text)).map((re) => re.source);
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)["']([^"']+)["']/g)) {
    const target = m[1]!;
    if (!target.startsWith("./") && !target.startsWith("../") && !target.startsWith("pure-rand/")) {
      found.push(`import ${target}`);
    }
    if (target.startsWith("../../")) found.push(`import ${target} leaves src/generator/`);
  }
  return found;
}

Deno.test("src/generator/ uses no clock, global randomness, Deno API or foreign import", () => {
  const files = sources(ROOT);
  assert.ok(files.length >= 15);
  for (const file of files) {
    const text = Deno.readTextFileSync(file);
    const inEvents = file.includes("/events/");
    const found = impurities(text).filter((p) =>
      // events/ may import its parent folder (../x.ts), which is still src/generator/.
      !(inEvents && p.startsWith("import ../") && !p.includes("../../"))
    );
    assert.deepEqual(found, [], file);
  }
});

Deno.test("impurities() flags clocks, randomness, Deno and outside imports (the scan can fail)", () => {
  assert.deepEqual(impurities('import { x } from "./random.ts";\nimport "pure-rand/x";'), []);
  assert.deepEqual(impurities("const t = Date.now();"), ["Date\\.now"]);
  assert.deepEqual(impurities("Math.random() + crypto.randomUUID()"), [
    "Math\\.random",
    "crypto\\.randomUUID",
  ]);
  assert.deepEqual(impurities("Deno.env.get('X')"), ["\\bDeno\\."]);
  assert.deepEqual(impurities('import { Kafka } from "kafkajs";'), ["import kafkajs"]);
  assert.deepEqual(impurities('const x = await import("node:fs");'), ["import node:fs"]);
  assert.deepEqual(impurities('Array.from("abc")'), []);
  assert.deepEqual(impurities('import { log } from "../../cli/log.ts";'), [
    "import ../../cli/log.ts leaves src/generator/",
  ]);
});
