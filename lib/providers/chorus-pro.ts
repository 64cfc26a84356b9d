import { z } from "zod";
import type { HeraldEnv } from "@/lib/env";
import { ChorusProError, type ChorusProPost, type ChorusProReads, chorusProReads, fetchChorusProStatus } from "./chorus-pro-status";
import { isTemporaryStatus, temporaryHttpFailure, unreachableFailure } from "./http-failure";
import type { EinvoiceMessage, ProviderAdapter, SendResult } from "./types";
import { FAILURE_CLASS, STATUS } from "@/lib/status";

// Chorus Pro through PISTE: an OAuth2 client-credentials token from PISTE, plus the Chorus
// Pro technical account in the cpro-account header (base64 "login:password") on every
// call. Sending deposits a flux (deposer/flux: a Factur-X or UBL file, base64); polling
// maps the flux to its invoice and reads the invoice's status (chorus-pro-status.ts).
// ⚠ Response shape from the PISTE docs and community clients; no verbatim example was
// found (tests/fixtures/providers/chorus-pro/NOT-FOUND.txt), so the status is read leniently.

export type ChorusProConfig = {
  apiUrl: string;
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  login: string;
  password: string;
};

const CHORUS_PRO_PRODUCTION = { apiUrl: "https://api.piste.gouv.fr/cpro", oauthUrl: "https://oauth.piste.gouv.fr" };

/** Null when Chorus Pro is not configured: then there is nothing to poll. */
export function chorusProConfigFromEnv(env: HeraldEnv): ChorusProConfig | null {
  const { CHORUS_PRO_CLIENT_ID: clientId, CHORUS_PRO_CLIENT_SECRET: clientSecret } = env;
  const { CHORUS_PRO_LOGIN: login, CHORUS_PRO_PASSWORD: password } = env;
  if (!clientId || !clientSecret || !login || !password) return null;
  return {
    apiUrl: env.CHORUS_PRO_API_URL ?? CHORUS_PRO_PRODUCTION.apiUrl,
    oauthUrl: env.CHORUS_PRO_OAUTH_URL ?? CHORUS_PRO_PRODUCTION.oauthUrl,
    clientId,
    clientSecret,
    login,
    password,
  };
}

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });

/** One flux to deposit: the invoice file and its syntaxeFlux (e.g. IN_DP_E2_CII_FACTURX). */
export type ChorusProDeposit = { fileName: string; content: Uint8Array; syntaxeFlux: string };

const depositResponseSchema = z.object({
  codeRetour: z.number(),
  libelle: z.string().optional(),
  numeroFluxDepot: z.union([z.string(), z.number()]).optional(),
});

export type ChorusProClient = ChorusProReads & {
  /** Never throws for a Chorus Pro answer: a refusal is classified like any provider's. */
  depositInvoice: (deposit: ChorusProDeposit) => Promise<SendResult>;
};

export function createChorusProClient(config: ChorusProConfig): ChorusProClient {
  let token: { value: string; expiresAt: number } | null = null;

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now()) return token.value;
    const response = await fetch(`${config.oauthUrl.replace(/\/$/, "")}/api/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: config.clientId,
        client_secret: config.clientSecret,
        scope: "openid",
      }),
    });
    if (!response.ok) {
      throw new ChorusProError(
        `PISTE refused the token request (HTTP ${response.status}) — check CHORUS_PRO_CLIENT_ID and CHORUS_PRO_CLIENT_SECRET`,
        response.status,
      );
    }
    const parsed = tokenSchema.parse(await response.json());
    // Renew a minute early so a token never expires mid-request.
    token = { value: parsed.access_token, expiresAt: Date.now() + ((parsed.expires_in ?? 3600) - 60) * 1000 };
    return token.value;
  }

  // Every Chorus Pro call: bearer token + technical account header; a 401 renews the token once.
  async function postCpro(path: string, body: unknown, retryOnUnauthorized = true): Promise<Response> {
    const response = await fetch(`${config.apiUrl.replace(/\/$/, "")}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await accessToken()}`,
        "cpro-account": btoa(`${config.login}:${config.password}`),
        "content-type": "application/json;charset=utf-8",
        accept: "application/json",
      },
      body: JSON.stringify(body),
    });
    if (response.status === 401 && retryOnUnauthorized) {
      token = null;
      return postCpro(path, body, false);
    }
    return response;
  }

  // The read services (chorus-pro-status.ts): their JSON, or a ChorusProError saying what to check.
  const post: ChorusProPost = async (path, body, what) => {
    const response = await postCpro(path, body);
    if (!response.ok) {
      throw new ChorusProError(
        `Chorus Pro answered HTTP ${response.status} for ${what} — check the technical account (CHORUS_PRO_LOGIN) and its rights`,
        response.status,
      );
    }
    return response.json();
  };

  function depositFlux(deposit: ChorusProDeposit): Promise<Response> {
    return postCpro("/factures/v1/deposer/flux", {
      fichierFlux: Buffer.from(deposit.content).toString("base64"),
      nomFichier: deposit.fileName,
      syntaxeFlux: deposit.syntaxeFlux,
      avecSignature: false,
    });
  }

  return {
    async depositInvoice(deposit) {
      let response: Response;
      try {
        response = await depositFlux(deposit);
      } catch (error) {
        if (error instanceof ChorusProError && error.status !== undefined) {
          return isTemporaryStatus(error.status)
            ? temporaryHttpFailure("PISTE", error.status, "token request", null)
            : { ok: false, failureClass: FAILURE_CLASS.permanent_content, errorCode: String(error.status), errorMessage: error.message };
        }
        return unreachableFailure("Chorus Pro", error);
      }
      const body = depositResponseSchema.safeParse(await response.json().catch(() => null));
      const said = body.success ? `${body.data.codeRetour}: ${body.data.libelle ?? "no message"}` : `HTTP ${response.status}`;
      const refused = `Chorus Pro refused the deposit of ${deposit.fileName} (${said})`;
      if (!response.ok) return depositFailure(response.status, refused, response.headers.get("retry-after"), body.data?.codeRetour);
      if (!body.success || body.data.codeRetour !== 0 || body.data.numeroFluxDepot === undefined) {
        return depositFailure(response.status, refused, null, body.data?.codeRetour);
      }
      return { ok: true, providerMessageId: String(body.data.numeroFluxDepot), status: STATUS.accepted };
    },

    ...chorusProReads(post),
  };
}

/**
 * The sending adapter: deposits the attempt's Factur-X/UBL file. Chorus Pro takes no
 * idempotency key — a duplicate is refused by invoice number — and the recipient structure
 * is read from the invoice itself, so a refusal here is about the content or our account.
 */
export function createChorusProAdapter(client: ChorusProClient): ProviderAdapter<EinvoiceMessage> {
  return {
    provider: "chorus_pro",
    channel: "einvoice",
    send(message) {
      return client.depositInvoice({
        fileName: message.document.filename,
        content: message.document.content,
        syntaxeFlux: message.syntax ?? "IN_DP_E2_CII_FACTURX",
      });
    },
    statusSupport: { supported: true },
    fetchStatus: (query) => fetchChorusProStatus(client, query),
  };
}

function depositFailure(status: number, message: string, retryAfter: string | null, codeRetour?: number): SendResult {
  if (isTemporaryStatus(status)) return temporaryHttpFailure("Chorus Pro", status, message, retryAfter);
  const advice =
    status === 401
      ? "check CHORUS_PRO_CLIENT_ID and CHORUS_PRO_CLIENT_SECRET"
      : status === 403
        ? "check the technical account (CHORUS_PRO_LOGIN) and its rights on the structure"
        : "correct the invoice file (format, syntaxeFlux, invoice number not already deposited), then resend";
  return {
    ok: false,
    failureClass: FAILURE_CLASS.permanent_content,
    errorCode: String(codeRetour ?? status),
    errorMessage: `${message} — ${advice}`,
  };
}
