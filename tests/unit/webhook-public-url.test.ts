import { describe, expect, it } from "vitest";
import { publicRequestUrl } from "@/lib/webhooks/verify";

// Twilio signs the URL it called; Herald must rebuild exactly that URL.

const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { method: "POST", headers });

describe("publicRequestUrl", () => {
  it("uses HERALD_PUBLIC_URL when set, keeping its path prefix and the query", () => {
    const internal = request("http://localhost:3000/api/webhooks/twilio?tenant=1", { "x-forwarded-host": "evil.example" });
    expect(publicRequestUrl(internal, "https://herald.example.com")).toBe("https://herald.example.com/api/webhooks/twilio?tenant=1");
    expect(publicRequestUrl(internal, "https://example.com/herald/")).toBe("https://example.com/herald/api/webhooks/twilio?tenant=1");
  });

  it("otherwise rebuilds it from the forwarded host and scheme (next start reports localhost)", () => {
    const behindProxy = request("http://localhost:3000/api/webhooks/twilio", {
      "x-forwarded-host": "herald.example.com",
      "x-forwarded-proto": "https",
    });
    expect(publicRequestUrl(behindProxy, undefined)).toBe("https://herald.example.com/api/webhooks/twilio");
    const direct = request("http://localhost:3000/api/webhooks/twilio?x=1", {
      host: "herald.example.com:8443",
      "x-forwarded-proto": "https",
    });
    expect(publicRequestUrl(direct, undefined)).toBe("https://herald.example.com:8443/api/webhooks/twilio?x=1");
  });

  it("keeps the request's own scheme when no proxy names one", () => {
    const plain = request("http://10.0.0.7:3000/api/webhooks/twilio", { host: "127.0.0.1:3000" });
    expect(publicRequestUrl(plain, undefined)).toBe("http://127.0.0.1:3000/api/webhooks/twilio");
  });

  it("falls back to request.url when nothing says otherwise", () => {
    expect(publicRequestUrl(request("http://herald.test/api/webhooks/twilio"), undefined)).toBe("http://herald.test/api/webhooks/twilio");
  });
});
