import { type FakeHttpServer, readFixture, startFakeHttpServer } from "./http-fake";

// Pingen API v2 in one server: the identity server's POST /auth/access-tokens
// (client credentials), GET /file-upload (a signed upload URL pointing back here),
// PUT /uploads/… (the file), and POST /organisations/{org}/letters (JSON:API, bearer token,
// Idempotency-Key) answering the SDK's published letter response. Errors use JSON:API's
// { errors: [{ code, title, detail, source }] }. GET /organisations/{org}/letters/{id} answers
// the same published letter (the SDK uses it for GET letter details too) with its id and
// data.attributes.status set from `letters`; an unknown letter gets 404.

export const FAKE_PINGEN = {
  clientId: "pingen-client",
  clientSecret: "pingen-secret",
  organisationId: "0b1f9b8e-3d2a-4c4e-9d1e-000000000001",
};
export const pingenLetterResponse = readFixture<{ data: { id: string } }>("pingen/api/letter.create-or-get.response.json");

export type FakePingen = FakeHttpServer & {
  uploads: Map<string, Buffer>;
  /** Letter status per letter id, as GET …/letters/{id} reports it. */
  letters: Map<string, string>;
  revokeTokens: () => void;
  tokensIssued: () => number;
};

export async function startFakePingen(): Promise<FakePingen> {
  const uploads = new Map<string, Buffer>();
  const letters = new Map<string, string>();
  const valid = new Set<string>();
  let issued = 0;
  let base = "";
  const server = await startFakeHttpServer((request) => {
    if (request.method === "POST" && request.path === "/auth/access-tokens") {
      const form = new URLSearchParams(request.text);
      if (
        form.get("grant_type") !== "client_credentials" ||
        form.get("client_id") !== FAKE_PINGEN.clientId ||
        form.get("client_secret") !== FAKE_PINGEN.clientSecret
      ) {
        return { status: 401, json: { error: "invalid_client" } };
      }
      const token = `pingen-token-${++issued}`;
      valid.add(token);
      return { status: 200, json: { token_type: "Bearer", expires_in: 43200, access_token: token } };
    }
    if (request.method === "PUT" && request.path.startsWith("/uploads/")) {
      uploads.set(request.path, request.body);
      return { status: 200, text: "" };
    }
    if (!valid.has(request.headers.authorization?.replace(/^Bearer /, "") ?? "")) return pingenError(401, "Unauthenticated.");
    if (request.method === "GET" && request.path === "/file-upload") {
      const path = `/uploads/${uploads.size + 1}.pdf`;
      return {
        status: 200,
        json: {
          data: {
            id: `upload-${uploads.size + 1}`,
            type: "file_uploads",
            attributes: { url: `${base}${path}?signer=fake`, url_signature: `sig-${path}`, expires_at: "2030-01-01T00:00:00+0000" },
          },
        },
      };
    }
    if (request.method === "POST" && request.path === `/organisations/${FAKE_PINGEN.organisationId}/letters`) {
      if (!request.headers["idempotency-key"]) return pingenError(400, "Idempotency-Key header missing.");
      return { status: 201, headers: { "content-type": "application/vnd.api+json" }, text: JSON.stringify(pingenLetterResponse) };
    }
    const letterPath = `/organisations/${FAKE_PINGEN.organisationId}/letters/`;
    if (request.method === "GET" && request.path.startsWith(letterPath)) {
      const id = decodeURIComponent(request.path.slice(letterPath.length));
      const status = letters.get(id);
      if (!status) return pingenError(404, "Letter not found.");
      const { data } = pingenLetterResponse as unknown as { data: { attributes: Record<string, unknown> } };
      const letter = { ...pingenLetterResponse, data: { ...data, id, attributes: { ...data.attributes, status } } };
      return { status: 200, headers: { "content-type": "application/vnd.api+json" }, text: JSON.stringify(letter) };
    }
    return pingenError(404, "Not found.");
  });
  base = server.url;
  return { ...server, uploads, letters, revokeTokens: () => valid.clear(), tokensIssued: () => issued };
}

export function pingenError(status: number, detail: string, pointer?: string, headers?: Record<string, string>) {
  return {
    status,
    headers,
    json: { errors: [{ code: String(status), title: "Error", detail, ...(pointer ? { source: { pointer } } : {}) }] },
  };
}
