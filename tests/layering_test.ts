/**
 * The layering the code base keeps (docs/development.md#layout): a module imports only from its
 * own layer or the layers below, and no module imports itself back through others.
 */
import assert from "node:assert/strict";

const SRC = new URL("../src/", import.meta.url);

/** Lower ranks sit lower; a module may import from its own rank or below. */
const RANK: Readonly<Record<string, number>> = {
  "errors.ts": 0,
  "version.ts": 0,
  "log_categories.ts": 0,
  generator: 1,
  config: 2,
  "schemas.ts": 2,
  kafka: 3,
  sinks: 4,
  metrics: 4,
  "health.ts": 4,
  truth: 4,
  validate: 5,
  verify: 5,
  produce: 6,
  consume: 6,
  cli: 7,
};

async function sourceFiles(dir: URL, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const rel = prefix + entry.name;
    if (entry.isDirectory) {
      out.push(...await sourceFiles(new URL(`${entry.name}/`, dir), `${rel}/`));
    } else if (entry.name.endsWith(".ts")) out.push(rel);
  }
  return out;
}

/** The src/ files `file` imports (relative imports only), as paths relative to src/. */
function importsOf(file: string, text: string): string[] {
  const deps: string[] = [];
  for (const match of text.matchAll(/(?:import|export)[^;]*?from\s+"(\.[^"]+)"/g)) {
    const url = new URL(match[1]!, new URL(file, SRC));
    if (url.href.startsWith(SRC.href)) deps.push(url.href.slice(SRC.href.length));
  }
  return deps;
}

const layerOf = (file: string) => file.split("/")[0]!;

async function graph(): Promise<Map<string, string[]>> {
  const edges = new Map<string, string[]>();
  for (const file of await sourceFiles(SRC)) {
    edges.set(file, importsOf(file, await Deno.readTextFile(new URL(file, SRC))));
  }
  return edges;
}

Deno.test("src/ imports only from its own layer or the layers below", async () => {
  const upward: string[] = [];
  for (const [file, deps] of await graph()) {
    const rank = RANK[layerOf(file)];
    assert.ok(rank !== undefined, `${file}: a layer the rule does not know; add it to RANK`);
    for (const dep of deps) {
      if (RANK[layerOf(dep)]! > rank) upward.push(`${file} → ${dep}`);
    }
  }
  assert.deepEqual(upward, []);
});

Deno.test("src/ has no import cycles", async () => {
  const edges = await graph();
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    path.push(file);
    for (const dep of edges.get(file) ?? []) {
      if (state.get(dep) === "open") {
        cycles.push([...path.slice(path.indexOf(dep)), dep].join(" → "));
      } else if (!state.has(dep) && edges.has(dep)) visit(dep);
    }
    path.pop();
    state.set(file, "done");
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});
