import { type FakeHttpServer, startFakeHttpServer } from "./http-fake";

// PISTE + Chorus Pro for sending: the OAuth2 token endpoint and factures/v1/deposer/flux
// (bearer token + cpro-account header, fichierFlux base64). A flux whose file name was
// deposited before is refused like a duplicate invoice number. (The polling side has its
// own fake: tests/support/fake-chorus-pro.ts.) ⚠ Response fields from PISTE docs and
// community clients; no verbatim example exists (tests/fixtures/providers/chorus-pro/NOT-FOUND.txt).

export const FAKE_CHORUS_CREDENTIALS = {
  clientId: "piste-client",
  clientSecret: "piste-secret",
  login: "TECH_herald@cpro.fr",
  password: "s3cret!",
};

export type FakeChorusProDeposit = FakeHttpServer & {
  config: typeof FAKE_CHORUS_CREDENTIALS & { apiUrl: string; oauthUrl: string };
  revokeTokens: () => void;
  tokensIssued: () => number;
};

export async function startFakeChorusProDeposit(): Promise<FakeChorusProDeposit> {
  const valid = new Set<string>();
  const deposited = new Set<string>();
  let issued = 0;
  const server = await startFakeHttpServer((request) => {
    if (request.method === "POST" && request.path === "/api/oauth/token") {
      const form = new URLSearchParams(request.text);
      if (
        form.get("client_id") !== FAKE_CHORUS_CREDENTIALS.clientId ||
        form.get("client_secret") !== FAKE_CHORUS_CREDENTIALS.clientSecret
      ) {
        return { status: 401, json: { error: "invalid_client" } };
      }
      const token = `token-${++issued}`;
      valid.add(token);
      return { status: 200, json: { access_token: token, token_type: "Bearer", expires_in: 3600, scope: "openid" } };
    }
    if (request.method !== "POST" || request.path !== "/cpro/factures/v1/deposer/flux")
      return { status: 404, json: { error: "not found" } };
    if (!valid.has(request.headers.authorization?.replace(/^Bearer /, "") ?? "")) return { status: 401, json: { error: "invalid_token" } };
    if (request.headers["cpro-account"] !== btoa(`${FAKE_CHORUS_CREDENTIALS.login}:${FAKE_CHORUS_CREDENTIALS.password}`)) {
      return { status: 403, json: { codeRetour: 403, libelle: "Compte technique invalide" } };
    }
    const body = JSON.parse(request.text) as { fichierFlux?: string; nomFichier?: string; syntaxeFlux?: string };
    if (!body.fichierFlux || !body.nomFichier || !body.syntaxeFlux)
      return { status: 400, json: { codeRetour: 20002, libelle: "Paramètre obligatoire manquant" } };
    if (deposited.has(body.nomFichier)) return { status: 200, json: { codeRetour: 20003, libelle: "Facture déjà déposée" } };
    deposited.add(body.nomFichier);
    return {
      status: 200,
      json: {
        codeRetour: 0,
        libelle: "GCU_MSG_01_000",
        numeroFluxDepot: `FL${String(deposited.size).padStart(8, "0")}`,
        dateDepot: "2026-01-15",
        syntaxeFlux: body.syntaxeFlux,
      },
    };
  });
  return {
    ...server,
    config: { ...FAKE_CHORUS_CREDENTIALS, apiUrl: `${server.url}/cpro`, oauthUrl: server.url },
    revokeTokens: () => valid.clear(),
    tokensIssued: () => issued,
  };
}
