import assert from "node:assert/strict";
import { autoLingerMs, resolveProduceConfig } from "../../src/config/produce.ts";
import type { Sources } from "../../src/config/sources.ts";
import { UsageError } from "../../src/errors.ts";

const layers = (
  flags: Record<string, unknown> = {},
  env: Record<string, string> = {},
  dotenv: Record<string, string> = {},
): Sources => ({ flags, env, dotenv });

Deno.test("resolveProduceConfig() uses the seed producer's defaults", () => {
  const c = resolveProduceConfig(layers());
  assert.deepEqual(c.channels, ["demo_stream"]);
  assert.equal(c.rate, 10);
  assert.equal(c.messageVariants, 50);
  assert.deepEqual(c.enabled, { chat: true, viewer: true, transaction: true, stream_meta: true });
  assert.deepEqual(c.kafka?.brokers, ["kafka:9092"]);
  assert.deepEqual(c.topics, {
    chat: "telemetra.events.chat",
    viewer: "telemetra.events.viewer",
    transaction: "telemetra.events.transactions",
    stream_meta: "telemetra.events.stream_meta",
  });
  assert.equal(c.partitions, 3);
  assert.equal(c.replicationFactor, 1);
  assert.equal(c.compression, "snappy");
  assert.equal(c.batchSize, 1000);
  assert.equal(c.kafka?.retries, 10);
  assert.equal(c.kafka?.retryDelayMs, 5000);
});

Deno.test("resolveProduceConfig() takes flags over env over .env over defaults", () => {
  const dotenv = { RATE_PER_SEC: "3", CHANNELS: "from_file", KAFKA_BOOTSTRAP_SERVERS: "file:1" };
  assert.equal(resolveProduceConfig(layers({}, {}, dotenv)).rate, 3);
  assert.equal(resolveProduceConfig(layers({}, { RATE_PER_SEC: "7" }, dotenv)).rate, 7);
  assert.equal(resolveProduceConfig(layers({ rate: "9" }, { RATE_PER_SEC: "7" }, dotenv)).rate, 9);
  assert.deepEqual(resolveProduceConfig(layers({}, {}, dotenv)).channels, ["from_file"]);
  assert.deepEqual(
    resolveProduceConfig(layers({ channels: "x,y" }, { CHANNELS: "env" }, dotenv)).channels,
    ["x", "y"],
  );
  assert.deepEqual(resolveProduceConfig(layers({}, {}, dotenv)).kafka?.brokers, ["file:1"]);
  assert.deepEqual(
    resolveProduceConfig(layers({}, { KAFKA_BOOTSTRAP_SERVERS: "env:2" }, dotenv)).kafka?.brokers,
    ["env:2"],
  );
  assert.deepEqual(
    resolveProduceConfig(
      layers({ bootstrapServer: "flag:3,flag:4" }, { KAFKA_BOOTSTRAP_SERVERS: "env:2" }, dotenv),
    ).kafka?.brokers,
    ["flag:3", "flag:4"],
  );
});

Deno.test("resolveProduceConfig() names the layer a bad value came from", () => {
  assert.throws(
    () => resolveProduceConfig(layers({}, {}, { RATE_PER_SEC: "-1" })),
    new UsageError('RATE_PER_SEC (from .env) must be a number ≥ 0, got "-1"'),
  );
  assert.throws(
    () => resolveProduceConfig(layers({}, { RATE_PER_SEC: "lots" })),
    new UsageError('RATE_PER_SEC must be a number ≥ 0, got "lots"'),
  );
  assert.throws(
    () => resolveProduceConfig(layers({}, { CHANNELS: "" })),
    new UsageError('CHANNELS must be a non-empty comma-separated list, got ""'),
  );
  assert.throws(
    () => resolveProduceConfig(layers({ compression: "lz5" })),
    new UsageError('--compression must be one of none, gzip, snappy, got "lz5"'),
  );
  assert.throws(
    () => resolveProduceConfig(layers({ bootstrapServer: "localhost" })),
    new UsageError(
      '--bootstrap-server must list host:port pairs such as localhost:9092, got "localhost"',
    ),
  );
});

Deno.test("resolveProduceConfig() drops disabled event types from flags and env", () => {
  const c = resolveProduceConfig(
    layers({ chat: false }, { PRODUCE_VIEWER: "false", PRODUCE_STREAM_META: "0" }),
  );
  assert.deepEqual(c.enabled, {
    chat: false,
    viewer: false,
    transaction: true,
    stream_meta: false,
  });
  assert.throws(
    () =>
      resolveProduceConfig(layers({}, {
        PRODUCE_CHAT: "false",
        PRODUCE_VIEWER: "false",
        PRODUCE_TRANSACTIONS: "false",
        PRODUCE_STREAM_META: "false",
      })),
    UsageError,
  );
});

Deno.test("resolveProduceConfig() renames topics by prefix and per kind", () => {
  const c = resolveProduceConfig(
    layers({ topicPrefix: "test.", topic: ["chat=my.chat", "transactions=money"] }),
  );
  assert.deepEqual(c.topics, {
    chat: "my.chat",
    viewer: "test.viewer",
    transaction: "money",
    stream_meta: "test.stream_meta",
  });
  assert.throws(() => resolveProduceConfig(layers({ topic: ["emotes=x"] })), UsageError);
});

Deno.test("resolveProduceConfig() checks backfill and shard combinations", () => {
  const c = resolveProduceConfig(
    layers({ start: "2025-10-16T00:00:00Z", until: "2025-10-16T01:00:00Z" }),
  );
  assert.equal(c.startMs, Date.UTC(2025, 9, 16));
  assert.equal(c.untilMs, Date.UTC(2025, 9, 16, 1));
  assert.throws(() => resolveProduceConfig(layers({ until: "2025-10-16T01:00:00Z" })), UsageError);
  assert.throws(
    () => resolveProduceConfig(layers({ start: "2025-10-16T00:00:00Z", rate: "0" })),
    UsageError,
  );
  assert.throws(
    () => resolveProduceConfig(layers({ shard: "3/3", channels: "a,b" })),
    new UsageError("--shard 3/3 needs at least 3 channels, got 2"),
  );
});

Deno.test("resolveProduceConfig() refuses a channel name over 64 characters with a usage error", () => {
  const name = "c".repeat(65);
  assert.equal(
    resolveProduceConfig(layers({ channels: "c".repeat(64) })).channels[0],
    "c".repeat(64),
  );
  assert.throws(
    () => resolveProduceConfig(layers({ channels: `ok,${name}` })),
    new UsageError(
      '--channels contains a name of 65 characters ("cccccccccccccccccccc…"); a channel name has at most 64',
    ),
  );
});

Deno.test("resolveProduceConfig() takes 10,000 channels and refuses more with a usage error", () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `ch${i}`).join(",");
  assert.equal(resolveProduceConfig(layers({ channels: names(10_000) })).channels.length, 10_000);
  assert.throws(
    () => resolveProduceConfig(layers({ channels: names(10_001) })),
    new UsageError(
      "--channels: at most 10,000 channels per process, got 10,001 (each process keeps every " +
        "channel's world in a heap capped for 256 MB containers); give each of several processes " +
        "its own channels",
    ),
  );
});

Deno.test("resolveProduceConfig() asks for SASL credentials without taking a password flag", () => {
  assert.throws(
    () => resolveProduceConfig(layers({}, { KAFKA_SECURITY_PROTOCOL: "SASL_SSL" })),
    new UsageError("SASL_SSL needs a user name: set KAFKA_SASL_USERNAME or --sasl-username"),
  );
  const c = resolveProduceConfig(layers({}, {
    KAFKA_SASL_MECHANISM: "scram-sha-512",
    KAFKA_SASL_USERNAME: "alice",
    KAFKA_SASL_PASSWORD: "s3cret",
  }));
  assert.equal(c.kafka?.protocol, "SASL_PLAINTEXT");
  assert.deepEqual(c.kafka?.sasl, {
    mechanism: "SCRAM-SHA-512",
    username: "alice",
    password: "s3cret",
  });
});

Deno.test("resolveProduceConfig() bounds MESSAGE_VARIANTS by the templates there are", () => {
  assert.equal(resolveProduceConfig(layers({}, { MESSAGE_VARIANTS: "100" })).messageVariants, 100);
  assert.throws(
    () => resolveProduceConfig(layers({ messageVariants: "5000" })),
    UsageError,
  );
});

Deno.test("autoLingerMs() sends about every 20 events, between 5 ms and 200 ms", () => {
  assert.equal(autoLingerMs(10), 200);
  assert.equal(autoLingerMs(100), 200);
  assert.equal(autoLingerMs(1000), 20);
  assert.equal(autoLingerMs(10_000), 5);
  assert.equal(autoLingerMs(0), 5);
  assert.equal(resolveProduceConfig(layers()).lingerMs, undefined);
  assert.equal(resolveProduceConfig(layers({}, { LINGER: "20ms" })).lingerMs, 20);
});

Deno.test("resolveProduceConfig() reads the disorder shares and refuses bad ones in one line", () => {
  const config = resolveProduceConfig(
    layers({ late: "5%:30s", duplicates: "1%" }, { MALFORMED: "0.5" }),
  );
  assert.deepEqual(config.disorder, {
    lateShare: 0.05,
    lateMaxMs: 30_000,
    duplicateShare: 0.01,
    malformedShare: 0.005,
  });
  assert.deepEqual(resolveProduceConfig(layers()).disorder, {
    lateShare: 0,
    lateMaxMs: 0,
    duplicateShare: 0,
    malformedShare: 0,
  });
  assert.throws(
    () => resolveProduceConfig(layers({ late: "5%" })),
    new UsageError('--late must be P:MAX, e.g. 5%:30s, got "5%"'),
  );
  assert.throws(
    () => resolveProduceConfig(layers({}, { DUPLICATES: "101%" })),
    new UsageError('DUPLICATES must be a percentage from 0 to 100 (e.g. 1%), got "101%"'),
  );
  assert.throws(
    () => resolveProduceConfig(layers({ truthLateness: "10s" })),
    new UsageError("--truth-lateness needs --truth DIR (it adds windows_ontime.csv there)"),
  );
});

Deno.test("resolveProduceConfig() takes --shard auto (or SHARD=auto) with its run name, topic and session timeout", () => {
  const realistic = { profile: "realistic", channels: "a,b,c" };
  const c = resolveProduceConfig(layers(realistic, { SHARD: "auto" }));
  assert.equal(c.shard, undefined);
  assert.deepEqual(c.coordination, {
    runName: "telemetra.events",
    topic: "telemetra.mock.coordination",
    sessionTimeoutMs: 10_000,
  });
  const named = resolveProduceConfig(layers({
    ...realistic,
    shard: "auto",
    runName: "load-test",
    coordinationTopic: "my.coordination",
    sessionTimeout: "6s",
  }));
  assert.deepEqual(named.coordination, {
    runName: "load-test",
    topic: "my.coordination",
    sessionTimeoutMs: 6000,
  });
  // The seed profile too: its replicas share the whole stream's schedule at --rate.
  assert.equal(
    resolveProduceConfig(layers({ shard: "auto", channels: "a,b" })).coordination?.runName,
    "telemetra.events",
  );
  assert.deepEqual(resolveProduceConfig(layers({ shard: "2/3", channels: "a,b,c" })).shard, {
    index: 2,
    total: 3,
  });
});

Deno.test("resolveProduceConfig() refuses --shard auto where it cannot work yet, and its settings without it", () => {
  const auto = { profile: "realistic", channels: "a,b,c", shard: "auto" };
  const refused: [Record<string, unknown>, RegExp][] = [
    [{ profile: "seed", rate: "0" }, /--shard auto needs a rate > 0 with the seed profile/],
    [{ start: "2025-10-16T00:00:00Z" }, /--shard auto is for live runs/],
    [{ stdout: true }, /--shard auto coordinates through Kafka and cannot write to --stdout/],
    [{ workers: "2" }, /--shard auto runs one worker per replica/],
    [{ truth: "t" }, /--shard auto cannot write a truth yet/],
    [{ duplicates: "1%" }, /--shard auto cannot add disorder yet/],
    [{ sessionTimeout: "500ms" }, /--session-timeout must be at least 1s/],
    [{ runName: "a b" }, /--run-name must be 1 to 200 letters, digits/],
  ];
  for (const [flags, message] of refused) {
    assert.throws(() => resolveProduceConfig(layers({ ...auto, ...flags })), (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.match(e.message, message);
      return true;
    });
  }
  assert.throws(
    () => resolveProduceConfig(layers({ runName: "x" })),
    new UsageError("--run-name applies to --shard auto"),
  );
  assert.throws(
    () => resolveProduceConfig(layers({ sessionTimeout: "6s" })),
    new UsageError("--session-timeout applies to --shard auto"),
  );
  // A shared environment may set them for every replica, sharded or not.
  assert.equal(resolveProduceConfig(layers({}, { SESSION_TIMEOUT: "6s" })).coordination, undefined);
});
