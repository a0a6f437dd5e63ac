import assert from "node:assert/strict";
import { UsageError } from "../../src/errors.ts";
import { kafkajsSecurityOptions } from "../../src/kafka/security.ts";
import { describeSecurity } from "../../src/kafka/settings.ts";

const alice = { mechanism: "SCRAM-SHA-256", username: "alice", password: "s3cret" } as const;

Deno.test("kafkajsSecurityOptions() gives nothing for PLAINTEXT", () => {
  assert.deepEqual(kafkajsSecurityOptions({ protocol: "PLAINTEXT" }), {});
});

Deno.test("kafkajsSecurityOptions() verifies brokers with the system CAs for bare SSL", () => {
  assert.deepEqual(kafkajsSecurityOptions({ protocol: "SSL" }), {
    ssl: { rejectUnauthorized: true },
  });
});

Deno.test("kafkajsSecurityOptions() passes CA, client certificate and key for SSL", () => {
  const options = kafkajsSecurityOptions({
    protocol: "SSL",
    ssl: { ca: "CA-PEM", cert: "CERT-PEM", key: "KEY-PEM" },
  });
  assert.deepEqual(options, {
    ssl: { rejectUnauthorized: true, ca: "CA-PEM", cert: "CERT-PEM", key: "KEY-PEM" },
  });
});

/** A throwaway P-256 key made for this test, and the same key encrypted with "fixture-pass". */
const PLAIN_KEY = [
  "-----BEGIN PRIVATE KEY-----",
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgy5JkhrQ3ev1Igg6/",
  "M/hcp6W4QjqNu0znEwlpXX4g3vChRANCAARRZ2+dCTDtVazMuZf8LPQ2ZjY15BRV",
  "dhLiVmHK6EuA46u2ZVFfK8QyXfmX1V7Njs3wTPeon7Ds8HgSDyVQwN0U",
  "-----END PRIVATE KEY-----",
].join("\n") + "\n";
const ENCRYPTED_KEY = [
  "-----BEGIN ENCRYPTED PRIVATE KEY-----",
  "MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhihh7Dg6IJ2gICCAAw",
  "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEH4bIq07IspmPVX+p5MGfwYEgZDL",
  "X+j6Fs+BWKJQyyVcsLUO63HODOj8MJg2jE4grYZD7fI9hoEQaDbSwoatRXnT7YcO",
  "Nm6G5cMMRaQqXpgc7T+qABrHHf4CeGmkZKcPmzsExC1qKcWDc7UTjNtas3TSNMwr",
  "N97wR9n5gkvzPw7FHIntvWLPNpdlXQzqFHIhKeq4X38xTEtO3uqsqE1wd4Z3Rl8=",
  "-----END ENCRYPTED PRIVATE KEY-----",
].join("\n") + "\n";

Deno.test("kafkajsSecurityOptions() decrypts an encrypted client key, which Deno's TLS cannot", () => {
  const options = kafkajsSecurityOptions({
    protocol: "SSL",
    ssl: { cert: "CERT-PEM", key: ENCRYPTED_KEY, keyPassword: "fixture-pass" },
  });
  assert.deepEqual(options, {
    ssl: { rejectUnauthorized: true, cert: "CERT-PEM", key: PLAIN_KEY },
  });
});

Deno.test("kafkajsSecurityOptions() refuses a wrong key password without repeating it", () => {
  assert.throws(
    () =>
      kafkajsSecurityOptions({
        protocol: "SSL",
        ssl: { cert: "CERT-PEM", key: ENCRYPTED_KEY, keyPassword: "not-the-pass" },
      }),
    (error: unknown) =>
      error instanceof UsageError && /KAFKA_SSL_KEY_PASSWORD/.test(error.message) &&
      !error.message.includes("not-the-pass"),
  );
});

Deno.test("kafkajsSecurityOptions() can turn certificate checks off when asked", () => {
  assert.deepEqual(
    kafkajsSecurityOptions({ protocol: "SSL", ssl: { rejectUnauthorized: false } }),
    { ssl: { rejectUnauthorized: false } },
  );
});

Deno.test("kafkajsSecurityOptions() maps each SASL mechanism to kafkajs' name, without TLS", () => {
  const cases = [
    ["PLAIN", "plain"],
    ["SCRAM-SHA-256", "scram-sha-256"],
    ["SCRAM-SHA-512", "scram-sha-512"],
  ] as const;
  for (const [mechanism, expected] of cases) {
    assert.deepEqual(
      kafkajsSecurityOptions({
        protocol: "SASL_PLAINTEXT",
        sasl: { mechanism, username: "u", password: "p" },
      }),
      { sasl: { mechanism: expected, username: "u", password: "p" } },
    );
  }
});

Deno.test("kafkajsSecurityOptions() combines SASL and TLS for SASL_SSL", () => {
  assert.deepEqual(
    kafkajsSecurityOptions({ protocol: "SASL_SSL", sasl: alice, ssl: { ca: "CA-PEM" } }),
    {
      ssl: { rejectUnauthorized: true, ca: "CA-PEM" },
      sasl: { mechanism: "scram-sha-256", username: "alice", password: "s3cret" },
    },
  );
});

Deno.test("kafkajsSecurityOptions() refuses settings that do not fit the protocol", () => {
  const cases: [Parameters<typeof kafkajsSecurityOptions>[0], string][] = [
    [
      { protocol: "SASL_SSL" },
      "SASL_SSL needs a SASL user name and password (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD)",
    ],
    [
      { protocol: "PLAINTEXT", sasl: alice },
      "SASL settings need security protocol SASL_PLAINTEXT or SASL_SSL, got PLAINTEXT",
    ],
    [
      { protocol: "SASL_PLAINTEXT", sasl: alice, ssl: { ca: "x" } },
      "TLS settings need security protocol SSL or SASL_SSL, got SASL_PLAINTEXT",
    ],
    [
      { protocol: "SSL", ssl: { cert: "CERT-PEM" } },
      "mutual TLS needs both a client certificate and its key (KAFKA_SSL_CERT_LOCATION and KAFKA_SSL_KEY_LOCATION)",
    ],
  ];
  for (const [security, message] of cases) {
    assert.throws(() => kafkajsSecurityOptions(security), (e) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, message);
      return true;
    });
  }
});

Deno.test("describeSecurity() names protocol, mechanism and user but never the password", () => {
  const text = describeSecurity({
    protocol: "SASL_SSL",
    sasl: alice,
    ssl: { ca: "CA", cert: "C", key: "K", keyPassword: "kp" },
  });
  assert.equal(text, 'SASL_SSL, SCRAM-SHA-256 as user "alice", custom CA, client certificate');
});
