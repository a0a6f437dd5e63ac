import assert from "node:assert/strict";
import {
  answersApiVersions,
  apiVersionsRequest,
  isApiVersionsSuccess,
} from "../../../tools/kafka/api_versions_probe.ts";
import { freePorts } from "../../../tools/kafka/processes.ts";
import { testBroker } from "../../support/broker.ts";

Deno.test("apiVersionsRequest() frames an ApiVersions v0 request with client id", () => {
  const bytes = apiVersionsRequest(7);
  assert.deepEqual(
    [...bytes.subarray(0, 14)],
    [0, 0, 0, 25, 0, 18, 0, 0, 0, 0, 0, 7, 0, 15],
  );
  assert.equal(new TextDecoder().decode(bytes.subarray(14)), "telemetra-probe");
});

Deno.test("isApiVersionsSuccess() wants our correlation id and error code 0", () => {
  assert.equal(isApiVersionsSuccess(new Uint8Array([0, 0, 0, 7, 0, 0, 0, 0, 0, 0]), 7), true);
  assert.equal(isApiVersionsSuccess(new Uint8Array([0, 0, 0, 8, 0, 0]), 7), false);
  assert.equal(isApiVersionsSuccess(new Uint8Array([0, 0, 0, 7, 0, 35]), 7), false);
  assert.equal(isApiVersionsSuccess(new Uint8Array([0, 0, 0, 7]), 7), false);
});

Deno.test("answersApiVersions() is true for the test broker", async () => {
  const broker = await testBroker();
  assert.equal(await answersApiVersions("127.0.0.1", broker.port), true);
});

Deno.test("answersApiVersions() is false when nothing listens", async () => {
  const [port] = freePorts(1);
  assert.equal(await answersApiVersions("127.0.0.1", port), false);
});

Deno.test("answersApiVersions() is false, after its timeout, when a server accepts but never answers", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const answer = answersApiVersions("127.0.0.1", (listener.addr as Deno.NetAddr).port, 300);
  const conn = await accepted;
  assert.equal(await answer, false);
  conn.close();
});
