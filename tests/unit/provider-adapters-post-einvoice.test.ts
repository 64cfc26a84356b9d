import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChorusProAdapter, createChorusProClient } from "@/lib/providers/chorus-pro";
import { createPeppolAdapter } from "@/lib/providers/peppol";
import { createPingenAdapter } from "@/lib/providers/pingen";
import type { EinvoiceMessage, LetterMessage } from "@/lib/providers/types";
import { context, pdf } from "../support/adapter-fixtures";
import { type FakeChorusProDeposit, startFakeChorusProDeposit } from "../support/fakes/fake-chorus-pro-deposit";
import { FAKE_PEPPOL_KEY, peppolError, startFakePeppol } from "../support/fakes/fake-peppol";
import { FAKE_PINGEN, type FakePingen, pingenError, pingenLetterResponse, startFakePingen } from "../support/fakes/fake-pingen";
import { closedPortUrl, type FakeHttpServer } from "../support/fakes/http-fake";

// The letter and e-invoice adapters against a local fake speaking their provider's wire
// format: the request each makes (auth, idempotency, body), the id it returns, and how
// every kind of refusal is classified — never thrown. E-mail and SMS:
// tests/unit/provider-adapters-email-sms.test.ts.

let unreachable: string;
beforeAll(async () => {
  unreachable = await closedPortUrl();
});

describe("Pingen adapter", () => {
  let fake: FakePingen;
  beforeAll(async () => {
    fake = await startFakePingen();
  });
  afterAll(() => fake.close());

  const letter: LetterMessage = {
    channel: "post",
    to: "Jeanne Martin\n12 rue de la Paix\n75002 Paris\nFR",
    postal: { name: "Jeanne Martin", line1: "12 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
    document: pdf,
  };
  const config = () => ({ ...FAKE_PINGEN, apiUrl: fake.url, identityUrl: fake.url });

  it("gets a token, uploads the PDF, then creates the letter with the idempotency key", async () => {
    const adapter = createPingenAdapter(config());
    expect(await adapter.send(letter, context)).toEqual({ ok: true, providerMessageId: pingenLetterResponse.data.id, status: "accepted" });
    const [tokenRequest, uploadUrl, upload, create] = fake.requests.slice(-4);
    expect(Object.fromEntries(new URLSearchParams(tokenRequest!.text))).toMatchObject({
      grant_type: "client_credentials",
      client_id: FAKE_PINGEN.clientId,
    });
    expect(uploadUrl!.headers.authorization).toMatch(/^Bearer pingen-token-/);
    expect(upload!.body.equals(Buffer.from(pdf.content))).toBe(true);
    expect(create!.headers).toMatchObject({
      authorization: uploadUrl!.headers.authorization,
      "idempotency-key": context.idempotencyKey,
      "content-type": "application/vnd.api+json",
    });
    expect(JSON.parse(create!.text)).toEqual({
      data: {
        type: "letters",
        attributes: expect.objectContaining({
          file_original_name: "invoice-12345.pdf",
          file_url: `${fake.url}${upload!.path}`,
          file_url_signature: expect.stringMatching(/^sig-/),
          address_position: "left",
          auto_send: true,
          meta_data: { attempt_id: context.attemptId },
        }),
      },
    });

    // The token is reused, and renewed once when Pingen rejects it.
    const issued = fake.tokensIssued();
    await adapter.send(letter, context);
    expect(fake.tokensIssued()).toBe(issued);
    fake.revokeTokens();
    expect(await adapter.send(letter, context)).toMatchObject({ ok: true });
    expect(fake.tokensIssued()).toBe(issued + 1);
  });

  it.each([
    [
      "an address Pingen cannot use",
      pingenError(422, "The country is not supported.", "/data/attributes/country"),
      "permanent_recipient",
      /correct the customer's postal address/,
    ],
    [
      "an invalid PDF",
      pingenError(422, "File is not A4 portrait.", "/data/attributes/file_url"),
      "permanent_content",
      /check the letter PDF/,
    ],
    ["missing credits", pingenError(402, "Insufficient credits."), "permanent_content", /top up/],
    ["a server error", pingenError(503, "Maintenance."), "temporary", /HTTP 503/],
  ])("classifies %s on letter creation", async (_name, response, failureClass, message) => {
    const adapter = createPingenAdapter(config());
    await adapter.send(letter, context); // warm the token so the scripted answer hits the letter call
    fake.respondNext(
      { status: 200, json: { data: { attributes: { url: `${fake.url}/uploads/x.pdf`, url_signature: "sig" } } } },
      { status: 200, text: "" },
      response,
    );
    expect(await adapter.send(letter, context)).toMatchObject({
      ok: false,
      failureClass,
      errorCode: String(response.status),
      errorMessage: expect.stringMatching(message),
    });
  });

  it("returns Retry-After with a 429", async () => {
    fake.respondNext(pingenError(429, "Too many requests.", undefined, { "Retry-After": "60" }));
    expect(await createPingenAdapter(config()).send(letter, context)).toMatchObject({
      failureClass: "temporary",
      errorCode: "429",
      retryAfterMs: 60_000,
    });
  });

  it("classifies refused credentials as a setup problem", async () => {
    const result = await createPingenAdapter({ ...config(), clientSecret: "wrong" }).send(letter, context);
    expect(result).toMatchObject({
      ok: false,
      failureClass: "permanent_content",
      errorCode: "401",
      errorMessage: expect.stringContaining("PINGEN_CLIENT_ID"),
    });
  });

  it("classifies an unreachable Pingen as temporary", async () => {
    const result = await createPingenAdapter({ ...FAKE_PINGEN, apiUrl: unreachable, identityUrl: unreachable }).send(letter, context);
    expect(result).toMatchObject({ ok: false, failureClass: "temporary", errorCode: "network_error" });
  });
});

describe("Peppol access point adapter", () => {
  let fake: FakeHttpServer;
  beforeAll(async () => {
    fake = await startFakePeppol();
  });
  afterAll(() => fake.close());

  const ubl = { filename: "invoice-12345.xml", contentType: "application/xml", content: new TextEncoder().encode("<Invoice/>") };
  const einvoice: EinvoiceMessage = { channel: "einvoice", to: "0009:73282932000074", document: ubl };
  const adapter = () => createPeppolAdapter({ apiUrl: fake.url, apiKey: FAKE_PEPPOL_KEY });

  it("posts the UBL document with the idempotency key and returns the transmission id", async () => {
    const first = await adapter().send(einvoice, context);
    expect(first).toEqual({ ok: true, providerMessageId: expect.stringMatching(/^tx-/), status: "accepted" });
    const request = fake.requests.at(-1)!;
    expect(request.headers).toMatchObject({ authorization: `Bearer ${FAKE_PEPPOL_KEY}`, "idempotency-key": context.idempotencyKey });
    expect(JSON.parse(request.text)).toEqual({
      receiver: "0009:73282932000074",
      attemptId: context.attemptId,
      document: { filename: "invoice-12345.xml", contentType: "application/xml", content: Buffer.from("<Invoice/>").toString("base64") },
    });
    expect(await adapter().send(einvoice, context)).toEqual(first);
  });

  it.each([
    [
      "receiver not in the SMP",
      peppolError(422, "receiver_not_registered", "Participant not found in SML"),
      "permanent_recipient",
      /check the participant id with the customer.*0009:73282932000074/,
    ],
    [
      "invalid UBL",
      peppolError(422, "validation_failed", "[BR-CO-15] totals do not add up"),
      "permanent_content",
      /BR-CO-15.*correct the e-invoice/,
    ],
    ["bad API key", peppolError(401, "unauthorized", "Invalid API key"), "permanent_content", /access point API key/],
    ["server error", peppolError(502, "upstream", "AS4 gateway down"), "temporary", /HTTP 502/],
  ])("classifies %s", async (_name, response, failureClass, message) => {
    fake.respondNext(response);
    expect(await adapter().send(einvoice, context)).toMatchObject({
      ok: false,
      failureClass,
      errorMessage: expect.stringMatching(message),
    });
  });

  it("returns Retry-After with a 429", async () => {
    fake.respondNext(peppolError(429, "rate_limited", "Slow down", { "Retry-After": "3" }));
    expect(await adapter().send(einvoice, context)).toMatchObject({
      failureClass: "temporary",
      errorCode: "rate_limited",
      retryAfterMs: 3000,
    });
  });

  it("classifies an unreachable access point as temporary", async () => {
    const result = await createPeppolAdapter({ apiUrl: unreachable, apiKey: FAKE_PEPPOL_KEY }).send(einvoice, context);
    expect(result).toMatchObject({ ok: false, failureClass: "temporary", errorCode: "network_error" });
  });
});

describe("Chorus Pro deposit", () => {
  let fake: FakeChorusProDeposit;
  beforeAll(async () => {
    fake = await startFakeChorusProDeposit();
  });
  afterAll(() => fake.close());

  let invoiceNumber = 0;
  const facturx = () => ({
    channel: "einvoice" as const,
    to: "73282932000074",
    document: { filename: `F-${++invoiceNumber}.pdf`, contentType: "application/pdf", content: pdf.content },
  });

  it("deposits the flux with the token and technical account, and returns numeroFluxDepot", async () => {
    const adapter = createChorusProAdapter(createChorusProClient(fake.config));
    const message = facturx();
    expect(await adapter.send(message, context)).toEqual({
      ok: true,
      providerMessageId: expect.stringMatching(/^FL\d{8}$/),
      status: "accepted",
    });
    const request = fake.requests.at(-1)!;
    expect(request.headers).toMatchObject({
      authorization: expect.stringMatching(/^Bearer token-/),
      "cpro-account": btoa(`${fake.config.login}:${fake.config.password}`),
    });
    expect(JSON.parse(request.text)).toEqual({
      fichierFlux: Buffer.from(pdf.content).toString("base64"),
      nomFichier: message.document.filename,
      syntaxeFlux: "IN_DP_E2_CII_FACTURX",
      avecSignature: false,
    });

    // A duplicate invoice is refused (Chorus Pro has no idempotency key): a content problem.
    expect(await adapter.send(message, context)).toMatchObject({
      ok: false,
      failureClass: "permanent_content",
      errorCode: "20003",
      errorMessage: expect.stringContaining("déjà déposée"),
    });
  });

  it("renews a rejected token once", async () => {
    const client = createChorusProClient(fake.config);
    await client.depositInvoice({ fileName: `F-${++invoiceNumber}.pdf`, content: pdf.content, syntaxeFlux: "IN_DP_E1_UBL_INVOICE" });
    const before = fake.tokensIssued();
    fake.revokeTokens();
    expect(
      await client.depositInvoice({ fileName: `F-${++invoiceNumber}.pdf`, content: pdf.content, syntaxeFlux: "IN_DP_E1_UBL_INVOICE" }),
    ).toMatchObject({ ok: true });
    expect(fake.tokensIssued()).toBe(before + 1);
  });

  it.each([
    ["wrong PISTE credentials", { clientSecret: "wrong" }, "permanent_content", "401", /CHORUS_PRO_CLIENT_SECRET/],
    ["wrong technical account", { password: "wrong" }, "permanent_content", "403", /CHORUS_PRO_LOGIN/],
  ])("classifies %s", async (_name, override, failureClass, errorCode, message) => {
    const adapter = createChorusProAdapter(createChorusProClient({ ...fake.config, ...override }));
    expect(await adapter.send(facturx(), context)).toMatchObject({
      ok: false,
      failureClass,
      errorCode,
      errorMessage: expect.stringMatching(message),
    });
  });

  it.each([
    ["a server error", { status: 500, json: { codeRetour: 500, libelle: "Erreur technique" } }, undefined],
    ["a rate limit", { status: 429, headers: { "Retry-After": "10" }, json: { codeRetour: 429, libelle: "Quota" } }, 10_000],
  ])("classifies %s as temporary", async (_name, response, retryAfterMs) => {
    const client = createChorusProClient(fake.config);
    await client.depositInvoice({ fileName: `F-${++invoiceNumber}.pdf`, content: pdf.content, syntaxeFlux: "IN_DP_E2_CII_FACTURX" });
    fake.respondNext(response);
    const result = await createChorusProAdapter(client).send(facturx(), context);
    expect(result).toMatchObject({ ok: false, failureClass: "temporary", errorCode: String(response.status) });
    expect(result.ok ? null : result.retryAfterMs).toBe(retryAfterMs);
  });

  it("classifies an unreachable Chorus Pro as temporary", async () => {
    const adapter = createChorusProAdapter(createChorusProClient({ ...fake.config, apiUrl: `${unreachable}/cpro`, oauthUrl: unreachable }));
    expect(await adapter.send(facturx(), context)).toMatchObject({ ok: false, failureClass: "temporary", errorCode: "network_error" });
  });
});
