import { z } from "zod";
import { isTemporaryStatus, temporaryHttpFailure, unreachableFailure } from "./http-failure";
import { pingenStatusEvents } from "./status/pingen-status";
import type { LetterMessage, ProviderAdapter, SendFailure, StatusAnswer } from "./types";
import { FAILURE_CLASS, STATUS } from "@/lib/status";

// Post through Pingen's REST API v2 (no official npm SDK, so plain fetch): an OAuth2
// client-credentials token from the identity server, a signed upload URL from
// GET /file-upload, a PUT of the PDF there, then POST /organisations/{org}/letters with an
// Idempotency-Key — a retried hand-over re-uploads the file but creates one letter.
// Pingen reads the recipient from the PDF's address window (address_position), so the
// rendered document must carry the address. Response shape: tests/fixtures/providers/pingen/api.

export type PingenConfig = {
  clientId: string;
  clientSecret: string;
  organisationId: string;
  apiUrl?: string;
  identityUrl?: string;
  deliveryProduct?: "fast" | "cheap" | "bulk" | "premium" | "registered";
};

const PINGEN_PRODUCTION = { apiUrl: "https://api.pingen.com", identityUrl: "https://identity.pingen.com" };

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });
const uploadSchema = z.object({ data: z.object({ attributes: z.object({ url: z.string().min(1), url_signature: z.string().min(1) }) }) });
const letterSchema = z.object({ data: z.object({ id: z.string().min(1), type: z.literal("letters") }) });
const errorsSchema = z.object({
  errors: z.array(
    z.object({
      code: z.string().optional(),
      title: z.string().optional(),
      detail: z.string().optional(),
      source: z.object({ pointer: z.string().optional() }).optional(),
    }),
  ),
});

type Step = { ok: true; response: Response } | { ok: false; failure: SendFailure };

export function createPingenAdapter(config: PingenConfig): ProviderAdapter<LetterMessage> {
  const apiUrl = (config.apiUrl ?? PINGEN_PRODUCTION.apiUrl).replace(/\/$/, "");
  const identityUrl = (config.identityUrl ?? PINGEN_PRODUCTION.identityUrl).replace(/\/$/, "");
  let token: { value: string; expiresAt: number } | null = null;

  async function accessToken(): Promise<{ ok: true; value: string } | { ok: false; failure: SendFailure }> {
    if (token && token.expiresAt > Date.now()) return { ok: true, value: token.value };
    const step = await call("requesting an access token", `${identityUrl}/auth/access-tokens`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: config.clientId,
        client_secret: config.clientSecret,
        scope: "letter",
      }),
    });
    if (!step.ok) return step;
    const parsed = tokenSchema.parse(await step.response.json());
    // Renew a minute early so a token never expires mid-send.
    token = { value: parsed.access_token, expiresAt: Date.now() + ((parsed.expires_in ?? 3600) - 60) * 1000 };
    return { ok: true, value: token.value };
  }

  async function authorised(what: string, path: string, init: RequestInit, retryOnUnauthorized = true): Promise<Step> {
    const bearer = await accessToken();
    if (!bearer.ok) return bearer;
    const headers = { ...(init.headers as Record<string, string>), authorization: `Bearer ${bearer.value}` };
    const step = await call(what, `${apiUrl}${path}`, { ...init, headers });
    if (!step.ok && step.failure.errorCode === "401" && retryOnUnauthorized) {
      token = null;
      return authorised(what, path, init, false);
    }
    return step;
  }

  return {
    provider: "pingen",
    channel: "post",
    async send(message, context) {
      try {
        const upload = await authorised("requesting an upload URL", "/file-upload", {
          method: "GET",
          headers: { accept: "application/vnd.api+json" },
        });
        if (!upload.ok) return upload.failure;
        const { url, url_signature } = uploadSchema.parse(await upload.response.json()).data.attributes;
        const put = await call("uploading the letter", url, { method: "PUT", body: new Uint8Array(message.document.content) });
        if (!put.ok) return put.failure;

        const created = await authorised("creating the letter", `/organisations/${encodeURIComponent(config.organisationId)}/letters`, {
          method: "POST",
          headers: {
            "content-type": "application/vnd.api+json",
            accept: "application/vnd.api+json",
            "idempotency-key": context.idempotencyKey,
          },
          body: JSON.stringify({
            data: {
              type: "letters",
              attributes: {
                file_original_name: message.document.filename,
                file_url: url,
                file_url_signature: url_signature,
                address_position: "left",
                auto_send: true,
                delivery_product: config.deliveryProduct ?? "cheap",
                print_mode: "simplex",
                print_spectrum: "grayscale",
                meta_data: { attempt_id: context.attemptId },
              },
            },
          }),
        });
        if (!created.ok) return created.failure;
        const letter = letterSchema.parse(await created.response.json());
        return { ok: true, providerMessageId: letter.data.id, status: STATUS.accepted };
      } catch (error) {
        // A 2xx whose body we cannot read: Pingen changed or a proxy answered. Retrying is
        // safe (the letter is idempotent) and an operator sees the message if it persists.
        return {
          ok: false,
          failureClass: FAILURE_CLASS.temporary,
          errorCode: "unexpected_response",
          errorMessage: `Pingen answered in an unexpected shape (${(error as Error).message.slice(0, 200)}) — retried automatically; report it to the Herald team if it persists`,
        };
      }
    },
    statusSupport: { supported: true },
    // GET /organisations/{org}/letters/{id} (lib/providers/status/pingen-status.ts reads it).
    async fetchStatus(query): Promise<StatusAnswer> {
      const path = `/organisations/${encodeURIComponent(config.organisationId)}/letters/${encodeURIComponent(query.providerMessageId)}`;
      const step = await authorised("reading the letter", path, { method: "GET", headers: { accept: "application/vnd.api+json" } });
      if (!step.ok) {
        const { errorCode, errorMessage } = step.failure;
        return errorCode === "404" ? { kind: "not_found", message: errorMessage } : { kind: "error", message: errorMessage };
      }
      const body: unknown = await step.response.json().catch(() => null);
      return { kind: "events", events: pingenStatusEvents(body, query.attemptId) };
    },
  };
}

async function call(what: string, url: string, init: RequestInit): Promise<Step> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    return { ok: false, failure: unreachableFailure("Pingen", error) };
  }
  if (response.ok) return { ok: true, response };
  return { ok: false, failure: classifyPingenError(what, response.status, await response.text(), response.headers.get("retry-after")) };
}

export function classifyPingenError(what: string, status: number, body: string, retryAfter: string | null): SendFailure {
  const errors = safeErrors(body);
  const detail = errors.map((e) => [e.source?.pointer, e.detail ?? e.title].filter(Boolean).join(": ")).join("; ") || body.slice(0, 200);
  if (isTemporaryStatus(status)) return temporaryHttpFailure("Pingen", status, `${what}: ${detail}`, retryAfter);
  const recipient = status === 422 && errors.some((e) => /address|country/i.test(`${e.source?.pointer} ${e.code}`));
  const advice = recipient
    ? "correct the customer's postal address, then resend"
    : status === 401 || status === 403
      ? "check PINGEN_CLIENT_ID, PINGEN_CLIENT_SECRET and the organisation id"
      : status === 402
        ? "top up the Pingen account's credits"
        : "check the letter PDF (A4 portrait, address in the window), then resend";
  return {
    ok: false,
    failureClass: recipient ? FAILURE_CLASS.permanent_recipient : FAILURE_CLASS.permanent_content,
    errorCode: String(status),
    errorMessage: `Pingen refused ${what} (HTTP ${status}): ${detail} — ${advice}`,
  };
}

function safeErrors(body: string): z.infer<typeof errorsSchema>["errors"] {
  try {
    const parsed = errorsSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.errors : [];
  } catch {
    return [];
  }
}
