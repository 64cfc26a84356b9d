// @vitest-environment edge-runtime
import { describe, expect, it } from "vitest";
import { describePublishedVectors, describeRoundTrips } from "../support/signature-vector-suite";

// The same vector checks and round trips as webhook-signatures.test.ts, with the edge
// runtime's Web APIs (crypto, Headers, TextEncoder, URL) in place of Node's. This VM still
// lets node: imports and Buffer through, so edge safety of the sources is asserted by the
// import check in the node test file.

it("runs in the edge runtime", () => {
  expect(globalThis).toHaveProperty("EdgeRuntime", "edge-runtime");
});

describe("published vectors (edge runtime)", describePublishedVectors);
describe("sign → verify round trips (edge runtime)", describeRoundTrips);
