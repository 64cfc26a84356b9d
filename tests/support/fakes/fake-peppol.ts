import { type FakeHttpServer, startFakeHttpServer } from "./http-fake";

// Our Peppol access point's REST API (lib/providers/peppol.ts states the contract):
// POST /v1/transmissions with a bearer key and Idempotency-Key; a replayed key answers the
// same transmission id, as an idempotent API must.

export const FAKE_PEPPOL_KEY = "ap-test-key";

export function startFakePeppol(): Promise<FakeHttpServer> {
  const byKey = new Map<string, string>();
  return startFakeHttpServer((request) => {
    if (request.method !== "POST" || request.path !== "/v1/transmissions") return peppolError(404, "not_found", "No such endpoint");
    if (request.headers.authorization !== `Bearer ${FAKE_PEPPOL_KEY}`) return peppolError(401, "unauthorized", "Invalid API key");
    const key = request.headers["idempotency-key"];
    if (typeof key !== "string") return peppolError(400, "idempotency_key_required", "Idempotency-Key header missing");
    const body = JSON.parse(request.text) as { receiver?: string; document?: { content?: string } };
    if (!body.receiver || !body.document?.content) return peppolError(400, "invalid_request", "receiver and document are required");
    const transmissionId = byKey.get(key) ?? `tx-${byKey.size + 1}`;
    byKey.set(key, transmissionId);
    return { status: 202, json: { transmissionId, status: "accepted" } };
  });
}

export function peppolError(status: number, code: string, message: string, headers?: Record<string, string>) {
  return { status, headers, json: { error: { code, message } } };
}
