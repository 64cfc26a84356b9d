import http from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for PISTE + Chorus Pro speaking their JSON: the OAuth2 token endpoint
// and factures/v1/consulter/fournisseur, checking the bearer token and the cpro-account
// header as the real API does. Invoices answer from `statuses`; others get Chorus Pro's
// error envelope (codeRetour ≠ 0).

export type FakeChorusPro = {
  config: { apiUrl: string; oauthUrl: string; clientId: string; clientSecret: string; login: string; password: string };
  statuses: Map<string, string>;
  /** Invoices answered in the nested { facture: { statut } } shape some clients report. */
  nested: Set<string>;
  tokensIssued: () => number;
  /** Makes the current token invalid, as if it had expired on PISTE's side. */
  revokeTokens: () => void;
  requests: { path: string; authorization?: string; account?: string; body: string }[];
  close: () => Promise<void>;
};

export async function startFakeChorusPro(): Promise<FakeChorusPro> {
  const credentials = { clientId: "piste-client", clientSecret: "piste-secret", login: "TECH_herald@cpro.fr", password: "s3cret!" };
  const statuses = new Map<string, string>();
  const nested = new Set<string>();
  const requests: FakeChorusPro["requests"] = [];
  const valid = new Set<string>();
  let issued = 0;

  const server = http.createServer(async (request, response) => {
    const body = await readBody(request);
    const reply = (status: number, json: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(json));
    };
    requests.push({
      path: request.url ?? "",
      authorization: request.headers.authorization,
      account: request.headers["cpro-account"] as string,
      body,
    });

    if (request.method === "POST" && request.url === "/api/oauth/token") {
      const form = new URLSearchParams(body);
      if (
        form.get("grant_type") !== "client_credentials" ||
        form.get("client_id") !== credentials.clientId ||
        form.get("client_secret") !== credentials.clientSecret
      ) {
        return reply(401, { error: "invalid_client" });
      }
      const token = `token-${++issued}`;
      valid.add(token);
      return reply(200, { access_token: token, token_type: "Bearer", expires_in: 3600, scope: "openid" });
    }
    if (request.method === "POST" && request.url === "/cpro/factures/v1/consulter/fournisseur") {
      const token = request.headers.authorization?.replace(/^Bearer /, "");
      if (!token || !valid.has(token)) return reply(401, { error: "invalid_token" });
      if (request.headers["cpro-account"] !== btoa(`${credentials.login}:${credentials.password}`)) {
        return reply(403, { codeRetour: 403, libelle: "Compte technique invalide" });
      }
      const id = String((JSON.parse(body) as { identifiantFactureCPP?: number }).identifiantFactureCPP);
      const statut = statuses.get(id);
      if (!statut) return reply(200, { codeRetour: 20001, libelle: "La facture n'existe pas" });
      const at = "2026-01-15T10:42:00.000+01:00";
      return reply(
        200,
        nested.has(id)
          ? { codeRetour: 0, libelle: "CODE PAR DEFAUT", facture: { identifiantFactureCPP: Number(id), statut, dateHeureEtatCourant: at } }
          : {
              codeRetour: 0,
              libelle: "TRA_MSG_00.000",
              identifiantFactureCPP: Number(id),
              numeroFacture: `F-${id}`,
              statutFacture: statut,
              dateHeureEtatCourant: at,
            },
      );
    }
    reply(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    config: { apiUrl: `${base}/cpro`, oauthUrl: base, ...credentials },
    statuses,
    nested,
    requests,
    tokensIssued: () => issued,
    revokeTokens: () => valid.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
