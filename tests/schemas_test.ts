import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  builtinSchema,
  builtinSchemaName,
  createAjv,
  SCHEMA_NAMES,
  type SchemaName,
  validatorFor,
} from "../src/schemas.ts";
import { validateWithPython } from "./validate/python_jsonschema.ts";

const SEEDS = new URL("./fixtures/seed_examples/", import.meta.url);
const SCHEMA_DIR = new URL("../schemas/", import.meta.url);

function readJson(url: URL): unknown {
  return JSON.parse(Deno.readTextFileSync(url));
}

/** Every seed README example, plus the inline payload of the seed's validation example. */
const SEED_EXAMPLES: readonly [string, SchemaName][] = [
  ["chat_message.json", "chat_message"],
  ["chat_message_minimal.json", "chat_message"],
  ["viewer_count.json", "viewer_count"],
  ["transaction.json", "transaction"],
  ["stream_meta.json", "stream_meta"],
];

function schemaFile(name: SchemaName): string {
  return fileURLToPath(new URL(`${name}.json`, SCHEMA_DIR));
}

Deno.test("embedded schemas are the files in schemas/", () => {
  for (const name of SCHEMA_NAMES) {
    assert.deepEqual(builtinSchema(name), readJson(new URL(`${name}.json`, SCHEMA_DIR)));
  }
});

Deno.test("builtinSchemaName() accepts names with or without .json and nothing else", () => {
  assert.equal(builtinSchemaName("chat_message"), "chat_message");
  assert.equal(builtinSchemaName("transaction.json"), "transaction");
  assert.equal(builtinSchemaName("chat"), undefined);
  assert.equal(builtinSchemaName("schemas/chat_message.json"), undefined);
  assert.equal(builtinSchema("nope"), undefined);
});

Deno.test("every schema is draft-07 with $id, title, examples and a description on every field", () => {
  for (const name of SCHEMA_NAMES) {
    const schema = builtinSchema(name)!;
    assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
    assert.equal(schema.$id, `https://telemetra.dev/schemas/${name}/v1.json`);
    assert.equal(typeof schema.title, "string");
    assert.equal(schema.additionalProperties, false);
    assert.ok(Array.isArray(schema.examples) && schema.examples.length > 0, name);
    const undescribed: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      const props = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, child] of Object.entries(props)) {
        if (typeof child.description !== "string") undescribed.push(`${path}/${key}`);
        walk(child, `${path}/${key}`);
      }
    };
    walk(schema as Record<string, unknown>, name);
    for (const [key, def] of Object.entries((schema.definitions ?? {}) as Record<string, never>)) {
      walk(def, `${name}#${key}`);
    }
    assert.deepEqual(undescribed, []);
  }
});

Deno.test("schemas declare exactly the seeds' required fields", () => {
  const required = Object.fromEntries(
    SCHEMA_NAMES.map((name) => [name, builtinSchema(name)!.required]),
  );
  assert.deepEqual(required, {
    chat_message: ["message_id", "channel", "username", "message", "timestamp"],
    viewer_count: ["event_id", "channel", "viewer_count", "timestamp"],
    transaction: ["transaction_id", "channel", "transaction_type", "amount", "timestamp"],
    stream_meta: ["event_id", "channel", "event_type", "timestamp"],
  });
});

Deno.test("schemas compile in ajv strict mode", () => {
  const ajv = createAjv({ strict: true, strictRequired: false });
  for (const name of SCHEMA_NAMES) ajv.compile(builtinSchema(name)!);
});

Deno.test("every seed README example and every schema example is valid (ajv)", () => {
  for (const [file, name] of SEED_EXAMPLES) {
    const validate = validatorFor(name);
    assert.equal(
      validate(readJson(new URL(file, SEEDS))),
      true,
      `${file}: ${JSON.stringify(validate.errors)}`,
    );
  }
  for (const name of SCHEMA_NAMES) {
    for (const example of builtinSchema(name)!.examples as unknown[]) {
      assert.equal(validatorFor(name)(example), true, JSON.stringify(validatorFor(name).errors));
    }
  }
});

Deno.test("every seed README example and every schema example is valid (python3-jsonschema)", async () => {
  for (const name of SCHEMA_NAMES) {
    const values = [
      ...SEED_EXAMPLES.filter(([, n]) => n === name).map(([file]) =>
        readJson(new URL(file, SEEDS))
      ),
      ...builtinSchema(name)!.examples as unknown[],
    ];
    assert.deepEqual(await validateWithPython(schemaFile(name), values), {
      valid: values.length,
      invalid: [],
    });
  }
});

const seed = (file: string) => readJson(new URL(file, SEEDS)) as Record<string, unknown>;

/** Payloads that break one rule each, with the pointer and keyword both validators must report. */
const CONTRACT_VIOLATIONS: readonly {
  name: SchemaName;
  payload: Record<string, unknown>;
  pointer: string;
  ajvKeyword: string;
}[] = [
  {
    name: "transaction",
    payload: { ...seed("transaction.json"), transaction_type: "bits" },
    pointer: "",
    ajvKeyword: "required",
  },
  {
    name: "transaction",
    payload: {
      ...seed("transaction.json"),
      transaction_type: "gift_sub",
      tier: "Prime",
      gift_count: 2,
    },
    pointer: "/tier",
    ajvKeyword: "enum",
  },
  {
    name: "transaction",
    payload: {
      ...seed("transaction.json"),
      transaction_type: "gift_sub",
      tier: "1",
      gift_count: 101,
    },
    pointer: "/gift_count",
    ajvKeyword: "maximum",
  },
  {
    name: "transaction",
    payload: { ...seed("transaction.json"), amount: 0 },
    pointer: "/amount",
    ajvKeyword: "exclusiveMinimum",
  },
  {
    name: "transaction",
    payload: { ...seed("transaction.json"), currency: "usd" },
    pointer: "/currency",
    ajvKeyword: "pattern",
  },
  {
    name: "transaction",
    payload: {
      ...seed("transaction.json"),
      transaction_id: "123e4567-e89b-12d3-a456-426614174000",
    },
    pointer: "/transaction_id",
    ajvKeyword: "pattern",
  },
  {
    name: "stream_meta",
    payload: { ...seed("stream_meta.json"), event_type: "raid_incoming" },
    pointer: "",
    ajvKeyword: "required",
  },
  {
    name: "viewer_count",
    payload: { ...seed("viewer_count.json"), chatter_count: -1 },
    pointer: "/chatter_count",
    ajvKeyword: "minimum",
  },
  {
    name: "chat_message",
    payload: { ...seed("chat_message.json"), extra: 1 },
    pointer: "",
    ajvKeyword: "additionalProperties",
  },
];

Deno.test("ajv and python3-jsonschema reject the same contract violations at the same place", async () => {
  for (const { name, payload, pointer, ajvKeyword } of CONTRACT_VIOLATIONS) {
    const validate = validatorFor(name);
    assert.equal(validate(payload), false, JSON.stringify(payload));
    assert.ok(
      validate.errors!.some((e) => e.instancePath === pointer && e.keyword === ajvKeyword),
      `${JSON.stringify(payload)}: ${JSON.stringify(validate.errors)}`,
    );
    const verdict = await validateWithPython(schemaFile(name), [payload]);
    assert.equal(verdict.valid, 0, JSON.stringify(payload));
    assert.ok(
      verdict.invalid[0].errors.some((e) => e.pointer === pointer),
      `${JSON.stringify(payload)}: ${JSON.stringify(verdict.invalid[0].errors)}`,
    );
  }
});

Deno.test("schemas/README.md has a table row for every field of every schema", () => {
  const readme = Deno.readTextFileSync(new URL("README.md", SCHEMA_DIR));
  const missing: string[] = [];
  for (const name of SCHEMA_NAMES) {
    const schema = builtinSchema(name)! as Record<string, unknown>;
    const section = readme.slice(readme.indexOf(`## ${name}\n`));
    const walk = (node: Record<string, unknown>, prefix: string) => {
      const target = typeof node.$ref === "string"
        ? (schema.definitions as Record<string, Record<string, unknown>>)[
          node.$ref.split("/").at(-1)!
        ]
        : node;
      for (const [key, child] of Object.entries(target.properties ?? {})) {
        const path = `${prefix}${key}`;
        if (!section.includes(`| \`${path}\``)) missing.push(`${name}: ${path}`);
        walk(child as Record<string, unknown>, `${path}.`);
      }
    };
    walk(schema, "");
  }
  assert.deepEqual(missing, []);
});
