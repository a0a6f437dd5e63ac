import assert from "node:assert/strict";
import { RUN_SETTINGS } from "../../src/cli/sources.ts";
import { TOOL_ENV_VARS } from "../../src/config/env_vars.ts";
import { KAFKA_SETTINGS } from "../../src/config/kafka.ts";
import { PRODUCE_SETTINGS } from "../../src/config/produce.ts";
import { CONSUME_SETTINGS } from "../../src/consume/options.ts";
import {
  envNames,
  flagKey,
  flagName,
  helpText,
  resolveSetting,
  rowsOf,
  type SettingsTable,
  switchOf,
} from "../../src/config/settings.ts";
import { HEALTH_SETTINGS } from "../../src/config/health.ts";

const TABLES: Record<string, SettingsTable> = {
  produce: PRODUCE_SETTINGS,
  consume: CONSUME_SETTINGS,
  kafka: KAFKA_SETTINGS,
  run: RUN_SETTINGS,
  health: HEALTH_SETTINGS,
};

Deno.test("flagName() and flagKey() follow commander's naming", () => {
  assert.equal(flagName("-b, --bootstrap-server <list>"), "--bootstrap-server");
  assert.equal(flagKey("-b, --bootstrap-server <list>"), "bootstrapServer");
  assert.equal(flagName("--no-stream-meta"), "--no-stream-meta");
  assert.equal(flagKey("--no-stream-meta"), "streamMeta");
  assert.equal(switchOf("--no-chat"), "off");
  assert.equal(switchOf("--stdout"), "on");
  assert.equal(switchOf("--rate <n>"), undefined);
});

Deno.test("helpText() appends the env variable and the default", () => {
  assert.equal(
    helpText(PRODUCE_SETTINGS.rate),
    "events per second over all channels, 0 = as fast as possible (env RATE_PER_SEC, default 10)",
  );
  assert.equal(helpText(PRODUCE_SETTINGS.chat), "no chat messages (env PRODUCE_CHAT=false)");
  assert.equal(helpText(PRODUCE_SETTINGS.count), "stop after N events");
});

Deno.test("every written default parses to the value a setting takes without it", () => {
  for (const [name, table] of Object.entries(TABLES)) {
    for (const spec of rowsOf(table)) {
      if (spec.literal === undefined) continue;
      const what = `${name}: ${spec.flag ?? spec.env} default ${spec.literal}`;
      assert.deepEqual(spec.parse(spec.literal, "default"), spec.fallback, what);
      const unset = resolveSetting(spec, { flags: {}, env: {}, dotenv: {} });
      assert.deepEqual(unset, spec.fallback, what);
    }
  }
});

Deno.test("every row names a flag or a variable, each once, and says what it does", () => {
  for (const [name, table] of Object.entries(TABLES)) {
    const seen = new Set<string>();
    for (const spec of rowsOf(table)) {
      assert.ok(spec.flag !== undefined || spec.env !== undefined, name);
      assert.notEqual(spec.help, "", name);
      for (const id of [spec.flag && flagName(spec.flag), spec.env]) {
        if (id === undefined) continue;
        assert.ok(!seen.has(id), `${name}: ${id} twice`);
        seen.add(id);
      }
    }
  }
});

Deno.test("the binary's --allow-env list holds exactly the tables' variables and NO_COLOR", () => {
  const read = new Set(Object.values(TABLES).flatMap(envNames));
  assert.deepEqual(
    new Set(TOOL_ENV_VARS.filter((name) => name !== "NO_COLOR")),
    read,
  );
});
