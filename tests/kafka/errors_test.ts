import assert from "node:assert/strict";
import kafkajs from "kafkajs";
import { ExitCode, KafkaError } from "../../src/errors.ts";
import {
  connectFailure,
  isAuthenticationFailure,
  isTransientFailure,
  redactSecrets,
  toKafkaError,
} from "../../src/kafka/errors.ts";

// kafkajs' typings omit some error classes and constructor shapes; these are the runtime ones.
type ErrorClass = new (...args: unknown[]) => Error;
const {
  KafkaJSAggregateError,
  KafkaJSConnectionClosedError,
  KafkaJSConnectionError,
  KafkaJSCreateTopicError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
} = kafkajs as unknown as Record<string, ErrorClass>;

const brokers = ["kafka-1:9092", "kafka-2:9092"];
const sasl = { mechanism: "SCRAM-SHA-512", username: "bob", password: "hunter2" } as const;
const security = { protocol: "SASL_SSL", sasl } as const;

/** kafkajs' shape after its own retries: the real cause sits in `cause`. */
function exhausted(cause: Error): Error {
  return new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 3, retryTime: 800 });
}

function protocolError(type: string, code: number, retriable: boolean): Error {
  return new KafkaJSProtocolError({ message: `The ${type} error`, type, code, retriable });
}

Deno.test("connectFailure() tells refused, DNS, timeout, closed and TLS apart", () => {
  const cases: [Error, ReturnType<typeof connectFailure>][] = [
    [
      exhausted(
        new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:1", {
          code: "ECONNREFUSED",
        }),
      ),
      { kind: "refused", reason: "connection refused" },
    ],
    [
      exhausted(
        new KafkaJSConnectionError("Connection error: getaddrinfo ENOTFOUND kafka", {
          code: "ENOTFOUND",
        }),
      ),
      { kind: "dns", reason: 'host "kafka" not found' },
    ],
    [
      exhausted(new KafkaJSConnectionError("Connection timeout", { broker: "kafka:9092" })),
      { kind: "timeout", reason: "timed out" },
    ],
    [
      new KafkaJSRequestTimeoutError("Request Metadata(key: 3, version: 6) timed out"),
      { kind: "timeout", reason: "timed out" },
    ],
    [
      exhausted(new KafkaJSConnectionClosedError("Closed connection", { host: "h", port: 1 })),
      { kind: "closed", reason: "connection closed by the broker" },
    ],
    [
      new KafkaJSConnectionError(
        "Connection error: invalid peer certificate: UnknownIssuer",
      ),
      {
        kind: "tls",
        reason: "TLS failed: Connection error: invalid peer certificate: UnknownIssuer",
      },
    ],
    [new Error("something else"), undefined],
  ];
  for (const [error, expected] of cases) assert.deepEqual(connectFailure(error), expected);
});

Deno.test("isTransientFailure() retries unreachable brokers and brokers still starting, nothing else", () => {
  const refused = new KafkaJSConnectionError("connect ECONNREFUSED 127.0.0.1:1");
  assert.equal(isTransientFailure(exhausted(refused)), true);
  assert.equal(
    isTransientFailure(exhausted(protocolError("COORDINATOR_NOT_AVAILABLE", 15, true))),
    true,
  );
  assert.equal(isTransientFailure(new KafkaJSSASLAuthenticationError("SASL failed")), false);
  assert.equal(
    isTransientFailure(protocolError("CLUSTER_AUTHORIZATION_FAILED", 31, false)),
    false,
  );
  assert.equal(
    isTransientFailure(new KafkaJSConnectionError("Connection error: certificate has expired")),
    false,
  );
  assert.equal(isTransientFailure(new TypeError("bug")), false);
});

Deno.test("toKafkaError() reports a SASL rejection with user and mechanism, exit 3, no password", () => {
  const rejection = new KafkaJSSASLAuthenticationError(
    "SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (password hunter2)",
  );
  // How kafkajs' retrier wraps a non-retriable error.
  const error = new KafkaJSNonRetriableError(rejection, { cause: rejection });
  assert.equal(isAuthenticationFailure(error), true);
  const mapped = toKafkaError(error, { brokers, security });
  assert.equal(
    mapped.message,
    'authentication failed for user "bob" (SASL mechanism SCRAM-SHA-512)',
  );
  assert.equal(mapped.exitCode, ExitCode.AuthenticationFailed);
});

Deno.test("toKafkaError() says when the broker does not enable the SASL mechanism", () => {
  const mapped = toKafkaError(protocolError("UNSUPPORTED_SASL_MECHANISM", 33, false), {
    brokers,
    security,
  });
  assert.equal(
    mapped.message,
    'authentication failed for user "bob" (the broker does not enable SASL mechanism SCRAM-SHA-512)',
  );
  assert.equal(mapped.exitCode, ExitCode.AuthenticationFailed);
});

Deno.test("toKafkaError() reports a denied topic creation with the topic, exit 4", () => {
  const denied = new KafkaJSAggregateError("Topic creation errors", [
    new KafkaJSCreateTopicError(
      protocolError("TOPIC_AUTHORIZATION_FAILED", 29, false),
      "telemetra.events.chat",
    ),
  ]);
  const mapped = toKafkaError(denied, { brokers, action: "create topic telemetra.events.chat" });
  assert.equal(
    mapped.message,
    "not allowed to create topic telemetra.events.chat (TOPIC_AUTHORIZATION_FAILED)",
  );
  assert.equal(mapped.exitCode, ExitCode.AuthorizationFailed);
});

Deno.test("toKafkaError() prefers a denial over 'already exists' in a mixed aggregate", () => {
  const mixed = new KafkaJSAggregateError("Topic creation errors", [
    new KafkaJSCreateTopicError(protocolError("TOPIC_ALREADY_EXISTS", 36, false), "a"),
    new KafkaJSCreateTopicError(protocolError("CLUSTER_AUTHORIZATION_FAILED", 31, false), "b"),
  ]);
  const mapped = toKafkaError(mixed, { brokers, action: "create topics a, b" });
  assert.equal(mapped.message, "not allowed to create topics a, b (CLUSTER_AUTHORIZATION_FAILED)");
  assert.equal(mapped.exitCode, ExitCode.AuthorizationFailed);
});

Deno.test("toKafkaError() names a missing topic, exit 1", () => {
  const mapped = toKafkaError(
    exhausted(protocolError("UNKNOWN_TOPIC_OR_PARTITION", 3, true)),
    { brokers, topic: "telemetra.events.chat" },
  );
  assert.equal(
    mapped.message,
    "topic telemetra.events.chat does not exist on Kafka at kafka-1:9092,kafka-2:9092",
  );
  assert.equal(mapped.exitCode, ExitCode.Failure);
});

Deno.test("toKafkaError() says a broker is unreachable without counting attempts it did not make", () => {
  const mapped = toKafkaError(
    exhausted(new KafkaJSConnectionError("connect ECONNREFUSED 10.0.0.1:9092")),
    { brokers },
  );
  assert.equal(
    mapped.message,
    "cannot reach Kafka at kafka-1:9092,kafka-2:9092 (connection refused)",
  );
  assert.equal(mapped.exitCode, ExitCode.Failure);
});

Deno.test("toKafkaError() keeps any other error to its first line, with its type and no secret", () => {
  const mapped = toKafkaError(
    protocolError("MESSAGE_TOO_LARGE", 10, false),
    { brokers, security, action: "deliver events" },
  );
  assert.equal(
    mapped.message,
    "cannot deliver events: The MESSAGE_TOO_LARGE error (MESSAGE_TOO_LARGE)",
  );
  const leaky = toKafkaError(new Error("bad password hunter2\nstack..."), { brokers, security });
  assert.equal(leaky.message, "Kafka error: bad password ***");
});

Deno.test("toKafkaError() passes a KafkaError through unchanged", () => {
  const original = new KafkaError("already one line", 7);
  assert.equal(toKafkaError(original, { brokers }), original);
});

Deno.test("redactSecrets() hides the SASL password and the key passphrase", () => {
  assert.equal(
    redactSecrets("pw=hunter2 key=open-sesame", {
      protocol: "SASL_SSL",
      sasl,
      ssl: { keyPassword: "open-sesame" },
    }),
    "pw=*** key=***",
  );
});
