/**
 * A private broker with every security setup a real cluster may ask of us, for the security
 * tests:
 *
 * | listener        | protocol        | clients prove who they are with          |
 * |-----------------|-----------------|------------------------------------------|
 * | PLAINTEXT       | PLAINTEXT       | nothing (the harness and kcat use it)    |
 * | SASL_PLAINTEXT  | SASL_PLAINTEXT  | PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512    |
 * | SSL             | SSL             | nothing; the broker proves itself (CA)   |
 * | SASL_SSL        | SASL_SSL        | SASL as above, over TLS                  |
 * | MTLS            | SSL             | a client certificate signed by the CA    |
 *
 * Certificates are made at start with the JDK's keytool (openssl only exports the client's key
 * as PEM, the form kafkajs takes). SCRAM users are written when the storage is formatted
 * (`--add-scram`), PLAIN users come from the listener's JAAS config. An ACL authorizer is on:
 * `alice` and the client certificate are super users, `mallory` has valid credentials and no
 * permission at all (authorization failures).
 *
 * ```ts
 * await using secure = await startSecureBroker();
 * secure.listeners.SASL_SSL;  // "127.0.0.1:PORT"
 * ```
 */
import { privateBroker } from "./broker.ts";
import type { Broker } from "./broker.ts";

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface SecureBroker extends AsyncDisposable {
  readonly broker: Broker;
  /** Listener name → `127.0.0.1:PORT`. */
  readonly listeners: {
    readonly PLAINTEXT: string;
    readonly SASL_PLAINTEXT: string;
    readonly SSL: string;
    readonly SASL_SSL: string;
    readonly MTLS: string;
  };
  /** PEM of the CA that signed the broker's (and the client's) certificate. */
  readonly caFile: string;
  /** PEM of an unrelated CA: a client trusting only this must refuse the broker. */
  readonly otherCaFile: string;
  /** Client certificate and its unencrypted key (PEM) for mutual TLS. */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** The same key encrypted with `clientKeyPassword`. */
  readonly encryptedClientKeyFile: string;
  readonly clientKeyPassword: string;
  /** Super user: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
  readonly alice: Credentials;
  /** Valid credentials (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), no permissions. */
  readonly mallory: Credentials;
  /** Every secret above, for tests that grep output for them. */
  readonly secrets: readonly string[];
  /** Where the certificates and password files live (removed on dispose). */
  readonly dir: string;
}

/** Distinctive so a grep for it cannot match anything else. */
function secret(label: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `${label}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

async function run(command: string, args: readonly string[], cwd: string): Promise<void> {
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args: [...args],
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    const output = new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout);
    throw new Error(`${command} ${args.join(" ")} failed (exit ${code}): ${output.trim()}`);
  }
}

/** The keystores and PEM files of the test PKI, made in `dir`. Returns the store password. */
async function makeCertificates(dir: string, keyPassword: string): Promise<string> {
  const storePass = secret("store");
  const store = ["-storetype", "PKCS12", "-storepass", storePass];
  const keypair = (alias: string, dname: string, file: string, ...ext: string[]) =>
    run("keytool", [
      "-genkeypair",
      "-alias",
      alias,
      "-dname",
      dname,
      "-keyalg",
      "RSA",
      "-keysize",
      "2048",
      "-validity",
      "2",
      "-keystore",
      file,
      ...store,
      ...ext,
    ], dir);
  const exportCert = (alias: string, file: string, out: string) =>
    run("keytool", [
      "-exportcert",
      "-rfc",
      "-alias",
      alias,
      "-keystore",
      file,
      ...store,
      "-file",
      out,
    ], dir);
  const request = (alias: string, file: string, out: string) =>
    run("keytool", ["-certreq", "-alias", alias, "-keystore", file, ...store, "-file", out], dir);
  const sign = (csr: string, out: string, ...ext: string[]) =>
    run("keytool", [
      "-gencert",
      "-alias",
      "ca",
      "-keystore",
      "ca.p12",
      ...store,
      "-infile",
      csr,
      "-outfile",
      out,
      "-rfc",
      "-validity",
      "2",
      ...ext,
    ], dir);
  const importCert = (alias: string, file: string, keystore: string) =>
    run("keytool", [
      "-importcert",
      "-noprompt",
      "-alias",
      alias,
      "-file",
      file,
      "-keystore",
      keystore,
      ...store,
    ], dir);

  // Independent steps run side by side: each keytool call is a JVM start.
  await Promise.all([
    keypair("ca", "CN=telemetra test CA", "ca.p12", "-ext", "bc:c"),
    keypair("ca", "CN=unrelated test CA", "other-ca.p12", "-ext", "bc:c"),
    keypair("broker", "CN=127.0.0.1", "broker.p12"),
    keypair("client", "CN=telemetra-client", "client.p12"),
  ]);
  await Promise.all([
    exportCert("ca", "ca.p12", "ca.pem"),
    exportCert("ca", "other-ca.p12", "other-ca.pem"),
    request("broker", "broker.p12", "broker.csr"),
    request("client", "client.p12", "client.csr"),
  ]);
  await Promise.all([
    sign("broker.csr", "broker.pem", "-ext", "SAN=ip:127.0.0.1,dns:localhost"),
    sign("client.csr", "client.pem"),
    exportClientKey(dir, storePass, keyPassword),
  ]);
  // The broker's keystore: its key with the chain the CA signed.
  await importCert("ca", "ca.pem", "broker.p12");
  await importCert("broker", "broker.pem", "broker.p12");
  return storePass;
}

/** client.p12 → client-key.pem (unencrypted) and client-key-encrypted.pem, with openssl. */
async function exportClientKey(dir: string, storePass: string, keyPassword: string) {
  const { code, stderr } = await new Deno.Command("sh", {
    args: [
      "-c",
      "openssl pkcs12 -in client.p12 -nocerts -nodes -passin env:STOREPASS | " +
      "openssl pkey -out client-key.pem && " +
      "openssl pkey -in client-key.pem -aes256 -passout env:KEYPASS -out client-key-encrypted.pem",
    ],
    cwd: dir,
    env: { STOREPASS: storePass, KEYPASS: keyPassword },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`openssl could not export the client key: ${new TextDecoder().decode(stderr)}`);
  }
}

/** JAAS line of a listener: PLAIN users inline, SCRAM users live in the metadata log. */
function plainJaas(users: readonly Credentials[]): string {
  const entries = users.map((u) => `user_${u.username}="${u.password}"`).join(" ");
  return `org.apache.kafka.common.security.plain.PlainLoginModule required ${entries};`;
}

const SCRAM_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
const MECHANISMS = "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512";

/** Starts the broker described above on free ports; FAILS (throws) when it cannot. */
export async function startSecureBroker(): Promise<SecureBroker> {
  const dir = await Deno.makeTempDir({ prefix: "telemetra-secure-" });
  try {
    const clientKeyPassword = secret("keypass");
    const storePass = await makeCertificates(dir, clientKeyPassword);
    const alice = { username: "alice", password: secret("alice") };
    const mallory = { username: "mallory", password: secret("mallory") };
    const users = [alice, mallory];
    const saslProps = (listener: string) => ({
      [`listener.name.${listener}.sasl.enabled.mechanisms`]: MECHANISMS,
      [`listener.name.${listener}.plain.sasl.jaas.config`]: plainJaas(users),
      [`listener.name.${listener}.scram-sha-256.sasl.jaas.config`]: SCRAM_JAAS,
      [`listener.name.${listener}.scram-sha-512.sasl.jaas.config`]: SCRAM_JAAS,
    });
    const broker = await privateBroker({
      listeners: [
        { name: "SASL_PLAINTEXT", protocol: "SASL_PLAINTEXT" },
        { name: "SSL", protocol: "SSL" },
        { name: "SASL_SSL", protocol: "SASL_SSL" },
        { name: "MTLS", protocol: "SSL" },
      ],
      extraProperties: {
        "sasl.enabled.mechanisms": MECHANISMS,
        ...saslProps("sasl_plaintext"),
        ...saslProps("sasl_ssl"),
        "ssl.keystore.type": "PKCS12",
        "ssl.keystore.location": `${dir}/broker.p12`,
        "ssl.keystore.password": storePass,
        "ssl.key.password": storePass,
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": `${dir}/ca.pem`,
        "listener.name.mtls.ssl.client.auth": "required",
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        // ANONYMOUS: the PLAINTEXT, CONTROLLER and server-verified SSL listeners.
        "super.users": "User:ANONYMOUS;User:alice;User:CN=telemetra-client",
        "allow.everyone.if.no.acl.found": "false",
      },
      formatArgs: users.flatMap((u) =>
        ["SCRAM-SHA-256", "SCRAM-SHA-512"].flatMap((m) => [
          "--add-scram",
          `${m}=[name=${u.username},password=${u.password}]`,
        ])
      ),
    });
    const l = broker.listeners;
    return {
      broker,
      listeners: {
        PLAINTEXT: l["PLAINTEXT"]!,
        SASL_PLAINTEXT: l["SASL_PLAINTEXT"]!,
        SSL: l["SSL"]!,
        SASL_SSL: l["SASL_SSL"]!,
        MTLS: l["MTLS"]!,
      },
      caFile: `${dir}/ca.pem`,
      otherCaFile: `${dir}/other-ca.pem`,
      clientCertFile: `${dir}/client.pem`,
      clientKeyFile: `${dir}/client-key.pem`,
      encryptedClientKeyFile: `${dir}/client-key-encrypted.pem`,
      clientKeyPassword,
      alice,
      mallory,
      secrets: [alice.password, mallory.password, clientKeyPassword, storePass],
      dir,
      async [Symbol.asyncDispose]() {
        await broker[Symbol.asyncDispose]();
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      },
    };
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
}
