import { z } from "zod";
import type { HeraldEnv } from "@/lib/env";
import type { ChorusProInvoiceStatus } from "@/lib/webhooks/chorus-pro";

// Chorus Pro through PISTE: an OAuth2 client-credentials token from PISTE, plus the Chorus
// Pro technical account in the cpro-account header (base64 "login:password") on every
// call. Only what status polling needs: consulter/fournisseur for one invoice.
// ⚠ Response shape from the PISTE docs and community clients; no verbatim example was
// found (shared/fixtures/chorus-pro/NOT-FOUND.txt), so the status is read leniently.

export type ChorusProConfig = {
  apiUrl: string;
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  login: string;
  password: string;
};

const CHORUS_PRO_PRODUCTION = { apiUrl: "https://api.piste.gouv.fr/cpro", oauthUrl: "https://oauth.piste.gouv.fr" };

class ChorusProError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChorusProError";
  }
}

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

const invoiceSchema = z.object({
  identifiantFactureCPP: z.union([z.number(), z.string()]).optional(),
  statut: z.string().optional(),
  statutFacture: z.string().optional(),
  statutCourant: z.union([z.string(), z.object({ code: z.string() })]).optional(),
  dateHeureEtatCourant: z.string().optional(),
});

const consultResponseSchema = invoiceSchema.extend({
  codeRetour: z.number(),
  libelle: z.string().optional(),
  facture: invoiceSchema.optional(),
});

export type ChorusProClient = { getInvoiceStatus: (identifiantFactureCPP: string) => Promise<ChorusProInvoiceStatus> };

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
      throw new ChorusProError(`PISTE refused the token request (HTTP ${response.status}) — check CHORUS_PRO_CLIENT_ID and CHORUS_PRO_CLIENT_SECRET`);
    }
    const parsed = tokenSchema.parse(await response.json());
    // Renew a minute early so a token never expires mid-request.
    token = { value: parsed.access_token, expiresAt: Date.now() + ((parsed.expires_in ?? 3600) - 60) * 1000 };
    return token.value;
  }

  async function consult(identifiantFactureCPP: string, retryOnUnauthorized: boolean): Promise<unknown> {
    const response = await fetch(`${config.apiUrl.replace(/\/$/, "")}/factures/v1/consulter/fournisseur`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await accessToken()}`,
        "cpro-account": btoa(`${config.login}:${config.password}`),
        "content-type": "application/json;charset=utf-8",
        accept: "application/json",
      },
      body: JSON.stringify({ identifiantFactureCPP: Number(identifiantFactureCPP) }),
    });
    if (response.status === 401 && retryOnUnauthorized) {
      token = null;
      return consult(identifiantFactureCPP, false);
    }
    if (!response.ok) {
      throw new ChorusProError(`Chorus Pro answered HTTP ${response.status} for invoice ${identifiantFactureCPP} — check the technical account (CHORUS_PRO_LOGIN) and its rights`);
    }
    return response.json();
  }

  return {
    async getInvoiceStatus(identifiantFactureCPP) {
      const payload = await consult(identifiantFactureCPP, true);
      const parsed = consultResponseSchema.safeParse(payload);
      if (!parsed.success) throw new ChorusProError(`unexpected Chorus Pro response for invoice ${identifiantFactureCPP}: ${parsed.error.message}`);
      const body = parsed.data;
      if (body.codeRetour !== 0) {
        throw new ChorusProError(`Chorus Pro error ${body.codeRetour} for invoice ${identifiantFactureCPP}: ${body.libelle ?? "no message"}`);
      }
      const statut = readStatus(body) ?? readStatus(body.facture);
      if (!statut) throw new ChorusProError(`Chorus Pro returned no status for invoice ${identifiantFactureCPP}`);
      const at = body.dateHeureEtatCourant ?? body.facture?.dateHeureEtatCourant;
      const occurredAt = at ? new Date(at) : null;
      return {
        identifiantFactureCPP,
        statut,
        occurredAt: occurredAt && !Number.isNaN(occurredAt.getTime()) ? occurredAt : null,
        payload,
      };
    },
  };
}

function readStatus(invoice: z.infer<typeof invoiceSchema> | undefined): string | undefined {
  if (!invoice) return undefined;
  const current = typeof invoice.statutCourant === "string" ? invoice.statutCourant : invoice.statutCourant?.code;
  return invoice.statutFacture ?? invoice.statut ?? current;
}
