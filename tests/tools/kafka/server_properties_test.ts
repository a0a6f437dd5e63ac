import assert from "node:assert/strict";
import {
  checkListeners,
  randomClusterId,
  renderProperties,
  serverProperties,
} from "../../../tools/kafka/server_properties.ts";

Deno.test("serverProperties() describes a single KRaft node on 127.0.0.1 with one-replica internal topics", () => {
  const props = serverProperties({
    port: 9092,
    controllerPort: 9093,
    logDir: "/d/data",
    listeners: [],
    extraProperties: {},
  });
  assert.deepEqual(Object.fromEntries(props), {
    "process.roles": "broker,controller",
    "node.id": "1",
    "controller.quorum.voters": "1@127.0.0.1:9093",
    "listeners": "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
    "advertised.listeners": "PLAINTEXT://127.0.0.1:9092",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    "log.dirs": "/d/data",
    "num.partitions": "1",
    "offsets.topic.replication.factor": "1",
    "offsets.topic.num.partitions": "1",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "transaction.state.log.num.partitions": "1",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
    "group.initial.rebalance.delay.ms": "0",
  });
});

Deno.test("serverProperties() adds extra listeners to every listener setting and lets extras override", () => {
  const props = serverProperties({
    port: 1,
    controllerPort: 2,
    logDir: "/d",
    listeners: [{ name: "SASL_PLAINTEXT", protocol: "SASL_PLAINTEXT", port: 3 }, {
      name: "EXTERNAL",
      protocol: "SASL_SSL",
      port: 4,
    }],
    extraProperties: { "sasl.enabled.mechanisms": "PLAIN", "num.partitions": "3" },
  });
  assert.equal(
    props.get("listeners"),
    "PLAINTEXT://127.0.0.1:1,SASL_PLAINTEXT://127.0.0.1:3,EXTERNAL://127.0.0.1:4,CONTROLLER://127.0.0.1:2",
  );
  assert.equal(
    props.get("advertised.listeners"),
    "PLAINTEXT://127.0.0.1:1,SASL_PLAINTEXT://127.0.0.1:3,EXTERNAL://127.0.0.1:4",
  );
  assert.equal(
    props.get("listener.security.protocol.map"),
    "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,EXTERNAL:SASL_SSL",
  );
  assert.equal(props.get("sasl.enabled.mechanisms"), "PLAIN");
  assert.equal(props.get("num.partitions"), "3");
});

Deno.test("checkListeners() refuses reserved, duplicate and malformed listener names", () => {
  checkListeners([{ name: "SASL_SSL", protocol: "SASL_SSL" }]);
  assert.throws(
    () => checkListeners([{ name: "PLAINTEXT", protocol: "PLAINTEXT" }]),
    new TypeError("listener name PLAINTEXT is reserved by the local broker"),
  );
  assert.throws(
    () => checkListeners([{ name: "A", protocol: "SSL" }, { name: "A", protocol: "SSL" }]),
    new TypeError("listener A is given twice"),
  );
  assert.throws(
    () => checkListeners([{ name: "sasl", protocol: "SSL" }]),
    new TypeError(`listener name must be upper case letters, digits and _, got "sasl"`),
  );
});

Deno.test("renderProperties() writes key=value lines with backslashes and line breaks escaped", () => {
  const text = renderProperties(new Map([["a.b", "c"], ["jaas", "x\\y\nz"]]));
  assert.equal(text.split("\n").slice(1).join("\n"), "a.b=c\njaas=x\\\\y\\nz\n");
});

Deno.test("randomClusterId() is 22 URL-safe base64 characters and never starts with '-'", () => {
  const zero = () => new Uint8Array(16);
  assert.equal(randomClusterId(zero), "AAAAAAAAAAAAAAAAAAAAAA");
  // 0xf8 starts the base64 text with "-" in URL-safe form: the next draw is used instead.
  const draws = [new Uint8Array(16).fill(0xf8), new Uint8Array(16).fill(0xff)];
  assert.equal(randomClusterId(() => draws.shift()!), "_____________________w");
});
