import http from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for PISTE + Chorus Pro speaking their JSON: the OAuth2 token endpoint,
// factures/v1/deposer/flux, transverses/v1/consulterCRDetaille, factures/v1/rechercher/fournisseur
// and factures/v1/consulter/fournisseur, checking the bearer token and the cpro-account
// header as the real API does. Invoices answer from `statuses`, deposit fluxes from `fluxes`
// (a deposit starts one at IN_RECU; `integrate` files its invoice); others get Chorus Pro's
// error envelope (codeRetour ≠ 0). ⚠ Field names from the AIFE API pages (ConsulterCRDetaille's
// example: etatCourantDepotFlux, listeErreurDP { numeroDP, libelleErreurDP }) and community
// clients (rechercher/fournisseur → listeFactures { identifiantFactureCPP, numeroFacture, statut });
// no complete verbatim response exists (tests/fixtures/providers/chorus-pro/NOT-FOUND.txt), and
// the codeRetour of an unknown flux is not documented (this fake answers 20002).

export type FakeFlux = {
  etat: string;
  errors: { numeroDP: string; libelleErreurDP: string }[];
  invoices: { identifiantFactureCPP: number; numeroFacture: string }[];
};

export type FakeChorusPro = {
  config: { apiUrl: string; oauthUrl: string; clientId: string; clientSecret: string; login: string; password: string };
  statuses: Map<string, string>;
  fluxes: Map<string, FakeFlux>;
  /** Chorus Pro integrates a flux: its invoice gets an id and a first status. */
  integrate: (numeroFluxDepot: string, invoice: { identifiantFactureCPP: number; numeroFacture: string; statut: string }) => void;
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
  const fluxes = new Map<string, FakeFlux>();
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
    if (request.method !== "POST" || !request.url?.startsWith("/cpro/")) return reply(404, { error: "not found" });
    const token = request.headers.authorization?.replace(/^Bearer /, "");
    if (!token || !valid.has(token)) return reply(401, { error: "invalid_token" });
    if (request.headers["cpro-account"] !== btoa(`${credentials.login}:${credentials.password}`)) {
      return reply(403, { codeRetour: 403, libelle: "Compte technique invalide" });
    }
    const json = JSON.parse(body) as Record<string, unknown>;
    const at = "2026-01-15T10:42:00.000+01:00";
    if (request.url === "/cpro/factures/v1/deposer/flux") {
      const numeroFluxDepot = `CPP0011110000000000${String(fluxes.size + 1).padStart(6, "0")}`;
      fluxes.set(numeroFluxDepot, { etat: "IN_RECU", errors: [], invoices: [] });
      return reply(200, {
        codeRetour: 0,
        libelle: "GCU_MSG_01_000",
        numeroFluxDepot,
        dateDepot: "2026-01-15",
        syntaxeFlux: json.syntaxeFlux,
      });
    }
    if (request.url === "/cpro/transverses/v1/consulterCRDetaille" || request.url === "/cpro/factures/v1/rechercher/fournisseur") {
      const numeroFluxDepot = String(json.numeroFluxDepot);
      const flux = fluxes.get(numeroFluxDepot);
      if (!flux) return reply(200, { codeRetour: 20002, libelle: "Le flux n'existe pas" });
      if (request.url.endsWith("/rechercher/fournisseur")) {
        const listeFactures = flux.invoices.map((invoice) => ({ ...invoice, statut: statuses.get(String(invoice.identifiantFactureCPP)) }));
        return reply(200, {
          codeRetour: 0,
          libelle: "TRA_MSG_00.000",
          listeFactures,
          parametresRetour: { total: listeFactures.length, pageCourante: 1 },
        });
      }
      return reply(200, {
        codeRetour: 0,
        libelle: "TRA_MSG_00.000",
        numeroFluxDepot,
        codeInterfaceDepotFlux: "FSO1110A",
        dateDepotFlux: "2026-01-15T10:00:25.536+01:00",
        dateHeureEtatCourantFlux: at,
        etatCourantDepotFlux: flux.etat,
        listeErreurDP: flux.errors,
        nomFichier: `FSO1110A_CPP001_${numeroFluxDepot}`,
      });
    }
    if (request.url === "/cpro/factures/v1/consulter/fournisseur") {
      const id = String(json.identifiantFactureCPP);
      const statut = statuses.get(id);
      if (!statut) return reply(200, { codeRetour: 20001, libelle: "La facture n'existe pas" });
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
    fluxes,
    integrate: (numeroFluxDepot, { statut, ...invoice }) => {
      const flux = fluxes.get(numeroFluxDepot);
      if (!flux) throw new Error(`no flux ${numeroFluxDepot} was deposited`);
      flux.etat = "IN_INTEGRE";
      flux.invoices.push(invoice);
      statuses.set(String(invoice.identifiantFactureCPP), statut);
    },
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
