import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// /api/inngest runs Herald's functions for whoever Inngest says may call it. Outside the
// embedded mode (503) inngest's serve() verifies the X-Inngest-Signature HMAC with
// INNGEST_SIGNING_KEY: an anonymous or forged call must not run anything or list the
// functions' configuration.
const SIGNING_KEY = `signkey-prod-${"ab".repeat(32)}`;

beforeAll(() => {
  stubEmbeddedEnv({ INNGEST_EVENT_KEY: "test-event-key", INNGEST_SIGNING_KEY: SIGNING_KEY, INNGEST_DEV: "" });
  vi.stubEnv("NODE_ENV", "production");
});
afterAll(() => vi.unstubAllEnvs());

const invoke = (headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/inngest?fnId=herald-purge-provider-events&stepId=step", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({
      event: { name: "inngest/scheduled.timer", data: {} },
      events: [],
      steps: {},
      ctx: { run_id: "r1", attempt: 0 },
    }),
  });

describe("/api/inngest outside the embedded mode", () => {
  it("refuses an unsigned or wrongly signed function call", async () => {
    const { POST } = await import("@/app/api/inngest/route");
    const unsigned = await POST(invoke() as never, {});
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ message: "Unauthorized" });

    const forged = await POST(invoke({ "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=${"0".repeat(64)}` }) as never, {});
    expect(forged.status).toBe(401);
  });

  it("tells an anonymous GET nothing about the functions", async () => {
    const { GET } = await import("@/app/api/inngest/route");
    const response = await GET(new Request("http://localhost/api/inngest") as never, {});
    const body = await response.text();
    expect(body).not.toContain("herald-purge-provider-events");
    expect(body).not.toContain("poll-chorus-pro");
  });
});
