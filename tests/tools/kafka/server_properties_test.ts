import assert from "node:assert/strict";
import {
  checkListeners,
  clusterNodeProperties,
  clusterReplication,
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

Deno.test("clusterNodeProperties() gives node 2 of 3 its id, the 3-voter quorum and 3-way replication", () => {
  const props = clusterNodeProperties({
    nodeId: 2,
    port: 9093,
    controllerPort: 19002,
    controllerPorts: [19001, 19002, 19003],
    logDir: "/c/node-2/data",
    listeners: [],
    extraProperties: { "broker.session.timeout.ms": "6000" },
  });
  assert.deepEqual(Object.fromEntries(props), {
    "process.roles": "broker,controller",
    "node.id": "2",
    "controller.quorum.voters": "1@127.0.0.1:19001,2@127.0.0.1:19002,3@127.0.0.1:19003",
    "listeners": "PLAINTEXT://127.0.0.1:9093,CONTROLLER://127.0.0.1:19002",
    "advertised.listeners": "PLAINTEXT://127.0.0.1:9093",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    "log.dirs": "/c/node-2/data",
    "num.partitions": "3",
    "offsets.topic.replication.factor": "3",
    "offsets.topic.num.partitions": "3",
    "transaction.state.log.replication.factor": "3",
    "transaction.state.log.min.isr": "2",
    "transaction.state.log.num.partitions": "3",
    "share.coordinator.state.topic.replication.factor": "3",
    "share.coordinator.state.topic.min.isr": "2",
    "group.initial.rebalance.delay.ms": "0",
    "default.replication.factor": "3",
    "broker.session.timeout.ms": "6000",
  });
  assert.equal(props.has("min.insync.replicas"), false);
});

Deno.test("clusterReplication() caps replicas at 3 and keeps transactions alive with one node down", () => {
  const pick = (n: number) => {
    const r = clusterReplication(n);
    return [r.get("default.replication.factor"), r.get("transaction.state.log.min.isr")];
  };
  assert.deepEqual([1, 2, 3, 5].map(pick), [["1", "1"], ["2", "1"], ["3", "2"], ["3", "2"]]);
});

Deno.test("clusterNodeProperties() refuses a node id outside the quorum or a mismatched controller port", () => {
  const layout = {
    port: 1,
    controllerPort: 11,
    controllerPorts: [11, 12],
    logDir: "/d",
    listeners: [],
    extraProperties: {},
  };
  assert.throws(
    () => clusterNodeProperties({ ...layout, nodeId: 3 }),
    new RangeError("node id must be 1 to 2, got 3"),
  );
  assert.throws(
    () => clusterNodeProperties({ ...layout, nodeId: 2 }),
    new RangeError("node 2's controller port is 11 but the quorum lists 12"),
  );
});
