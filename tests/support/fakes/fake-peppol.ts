import { type FakeHttpServer, startFakeHttpServer } from "./http-fake";

// Our Peppol access point's REST API (lib/providers/peppol.ts states the contract):
// POST /v1/transmissions with a bearer key and Idempotency-Key; a replayed key answers the
// same transmission id, as an idempotent API must. GET /v1/transmissions/{id} answers
// { transmissionId, lastEvent } (lib/providers/status/peppol-status.ts states that contract),
// lastEvent being what `transmissions` holds for it (null until a test sets one).

export const FAKE_PEPPOL_KEY = "ap-test-key";

export type FakePeppol = FakeHttpServer & { transmissions: Map<string, Record<string, unknown> | null> };

export async function startFakePeppol(): Promise<FakePeppol> {
  const byKey = new Map<string, string>();
  const transmissions: FakePeppol["transmissions"] = new Map();
  const server = await startFakeHttpServer((request) => {
    if (request.headers.authorization !== `Bearer ${FAKE_PEPPOL_KEY}` && request.path.startsWith("/v1/transmissions")) {
      return peppolError(401, "unauthorized", "Invalid API key");
    }
    const get = /^\/v1\/transmissions\/([^/]+)$/.exec(request.path);
    if (request.method === "GET" && get) {
      const transmissionId = decodeURIComponent(get[1]!);
      if (!transmissions.has(transmissionId)) return peppolError(404, "not_found", `No transmission ${transmissionId}`);
      return { status: 200, json: { transmissionId, lastEvent: transmissions.get(transmissionId) ?? null } };
    }
    if (request.method !== "POST" || request.path !== "/v1/transmissions") return peppolError(404, "not_found", "No such endpoint");
    const key = request.headers["idempotency-key"];
    if (typeof key !== "string") return peppolError(400, "idempotency_key_required", "Idempotency-Key header missing");
    const body = JSON.parse(request.text) as { receiver?: string; document?: { content?: string } };
    if (!body.receiver || !body.document?.content) return peppolError(400, "invalid_request", "receiver and document are required");
    const transmissionId = byKey.get(key) ?? `tx-${byKey.size + 1}`;
    byKey.set(key, transmissionId);
    if (!transmissions.has(transmissionId)) transmissions.set(transmissionId, null);
    return { status: 202, json: { transmissionId, status: "accepted" } };
  });
  return { ...server, transmissions };
}

export function peppolError(status: number, code: string, message: string, headers?: Record<string, string>) {
  return { status, headers, json: { error: { code, message } } };
}
