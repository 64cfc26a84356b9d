import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerEvents } from "@/db/schema";
import { createChorusProClient } from "@/lib/providers/chorus-pro";
import { pollChorusProStatuses } from "@/lib/providers/chorus-pro-polling";
import { createAttempt, readAttempt, readCommunication } from "../support/attempt-factory";
import { type FakeChorusPro, startFakeChorusPro } from "../support/fake-chorus-pro";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// Chorus Pro polling against a local fake of PISTE + Chorus Pro: a deposit's flux is mapped
// to its invoice, open invoices are polled, each status goes through store-then-apply, a
// status seen before changes nothing.

let database: TestDatabase;
let fake: FakeChorusPro;
beforeAll(async () => {
  [database, fake] = await Promise.all([openTestDatabase(), startFakeChorusPro()]);
});
afterAll(() => Promise.all([database.close(), fake.close()]));

const now = new Date("2026-01-15T12:00:00Z");

describe("Chorus Pro polling", () => {
  it("polls open invoices, applies new statuses, keeps going past errors, and dedupes repeats", async () => {
    const client = createChorusProClient(fake.config);
    const sent = await createAttempt(database.db, { provider: "chorus_pro", providerMessageId: "1001", status: "accepted" });
    const available = await createAttempt(database.db, { provider: "chorus_pro", providerMessageId: "1002", status: "sent" });
    const rejected = await createAttempt(database.db, { provider: "chorus_pro", providerMessageId: "1003", status: "accepted" });
    const missing = await createAttempt(database.db, { provider: "chorus_pro", providerMessageId: "1004", status: "sent" });
    const done = await createAttempt(database.db, { provider: "chorus_pro", providerMessageId: "1005", status: "delivered" });
    fake.statuses.set("1001", "EN_COURS_ACHEMINEMENT").set("1002", "MISE_A_DISPOSITION").set("1003", "REJETEE").set("1005", "MANDATEE");
    fake.nested.add("1002");

    const first = await pollChorusProStatuses(database.db, { client, now, limit: 100 });
    expect(first).toMatchObject({
      polled: 4,
      applied: 3,
      unchanged: 0,
      errors: [{ attemptId: missing.attemptId, message: expect.stringContaining("20001") }],
    });
    expect(first.failures).toEqual([
      {
        attemptId: rejected.attemptId,
        communicationId: rejected.communicationId,
        channel: "einvoice",
        status: "rejected",
        failureClass: "permanent_content",
        errorCode: "REJETEE",
        errorMessage: expect.stringContaining("correct the invoice"),
      },
    ]);
    expect(await readAttempt(database.db, sent.attemptId)).toMatchObject({ status: "sent", statusLabel: "Sent" });
    expect(await readAttempt(database.db, available.attemptId)).toMatchObject({
      status: "delivered",
      statusLabel: "Sent",
      statusAt: new Date("2026-01-15T09:42:00Z"),
    });
    expect(await readAttempt(database.db, rejected.attemptId)).toMatchObject({
      status: "rejected",
      statusLabel: "Rejected",
      errorCode: "REJETEE",
    });
    expect(await readCommunication(database.db, rejected.communicationId)).toMatchObject({ status: "rejected", channel: "einvoice" });
    expect((await readAttempt(database.db, done.attemptId)).status).toBe("delivered");
    expect(fake.requests.some((request) => request.body.includes("1005"))).toBe(false);

    // Nothing new: the repeated status is a duplicate event.
    const second = await pollChorusProStatuses(database.db, { client, now, limit: 100 });
    expect(second).toMatchObject({ polled: 2, applied: 0, unchanged: 1 });
    const [stored] = await database.db
      .select()
      .from(providerEvents)
      .where(and(eq(providerEvents.provider, "chorus_pro"), eq(providerEvents.eventKey, "1001:EN_COURS_ACHEMINEMENT")));
    expect(stored).toMatchObject({
      outcome: "applied",
      attemptId: sent.attemptId,
      payload: expect.objectContaining({ statutFacture: "EN_COURS_ACHEMINEMENT" }),
    });

    fake.statuses.set("1001", "MISE_A_DISPOSITION");
    expect(await pollChorusProStatuses(database.db, { client, now, limit: 100 })).toMatchObject({ applied: 1 });
    expect((await readAttempt(database.db, sent.attemptId)).status).toBe("delivered");
  });

  it("maps a deposit's flux to its invoice, tracks the invoice from then on and polls its status", async () => {
    const client = createChorusProClient(fake.config);
    const deposit = await client.depositInvoice({
      fileName: "INV-1.xml",
      content: new TextEncoder().encode("<Invoice/>"),
      syntaxeFlux: "IN_DP_E1_UBL_INVOICE",
    });
    expect(deposit).toMatchObject({ ok: true, status: "accepted" });
    const flux = deposit.ok ? deposit.providerMessageId : "";
    expect(flux).toMatch(/^CPP\d+$/);
    // The attempt's invoice number is INV-1 (tests/support/attempt-factory.ts).
    const { attemptId } = await createAttempt(database.db, { provider: "chorus_pro", providerMessageId: flux, status: "accepted" });
    const paths = () =>
      fake.requests.filter((request) => request.body.includes(flux) || request.body.includes("9001")).map((request) => request.path);

    // Received, not integrated yet: the flux's state is stored, the attempt stays Accepted.
    // (Invoice 1004 of the first test is still open, and still unknown to Chorus Pro.)
    expect(await pollChorusProStatuses(database.db, { client, now, limit: 100 })).toMatchObject({ polled: 2, applied: 0, unchanged: 1 });
    expect(await readAttempt(database.db, attemptId)).toMatchObject({ status: "accepted", providerMessageId: flux });

    fake.integrate(flux, { identifiantFactureCPP: 9001, numeroFacture: "INV-1", statut: "EN_COURS_ACHEMINEMENT" });
    const mapped = await pollChorusProStatuses(database.db, { client, now, limit: 100 });
    expect(mapped).toMatchObject({ polled: 2, applied: 1 });
    expect(mapped.errors.map((error) => error.attemptId)).not.toContain(attemptId);
    expect(await readAttempt(database.db, attemptId)).toMatchObject({
      status: "sent",
      providerMessageId: "9001",
      meta: expect.objectContaining({ firstProviderMessageId: flux }),
    });
    fake.statuses.set("9001", "MISE_A_DISPOSITION");
    expect(await pollChorusProStatuses(database.db, { client, now, limit: 100 })).toMatchObject({ polled: 2, applied: 1 });
    expect(await readAttempt(database.db, attemptId)).toMatchObject({ status: "delivered", statusLabel: "Sent" });
    expect(paths()).toEqual([
      "/cpro/transverses/v1/consulterCRDetaille",
      "/cpro/transverses/v1/consulterCRDetaille",
      "/cpro/factures/v1/rechercher/fournisseur",
      "/cpro/factures/v1/consulter/fournisseur",
      // Mapped: the invoice is read directly.
      "/cpro/factures/v1/consulter/fournisseur",
    ]);
    const keys = (await database.db.select().from(providerEvents).where(eq(providerEvents.attemptId, attemptId))).map(
      (row) => row.eventKey,
    );
    expect(keys.sort()).toEqual([`${flux}:IN_RECU`, "9001:EN_COURS_ACHEMINEMENT", "9001:MISE_A_DISPOSITION"].sort());
  });

  it("rejects an invoice Chorus Pro refused while integrating its flux, with the reason", async () => {
    const client = createChorusProClient(fake.config);
    const deposit = await client.depositInvoice({
      fileName: "INV-1b.xml",
      content: new TextEncoder().encode("<Invoice/>"),
      syntaxeFlux: "IN_DP_E1_UBL_INVOICE",
    });
    const flux = deposit.ok ? deposit.providerMessageId : "";
    const { attemptId } = await createAttempt(database.db, { provider: "chorus_pro", providerMessageId: flux, status: "accepted" });
    fake.fluxes.set(flux, {
      etat: "IN_INTEGRE_PARTIEL",
      errors: [{ numeroDP: "INV-1", libelleErreurDP: "Le code service est obligatoire pour ce destinataire" }],
      invoices: [],
    });
    const summary = await pollChorusProStatuses(database.db, { client, now, limit: 100 });
    expect(summary.failures).toEqual([
      expect.objectContaining({ attemptId, status: "rejected", failureClass: "permanent_content", errorCode: "IN_INTEGRE_PARTIEL" }),
    ]);
    expect(await readAttempt(database.db, attemptId)).toMatchObject({
      status: "rejected",
      errorMessage: expect.stringContaining("Le code service est obligatoire"),
      providerMessageId: flux,
    });
  });

  it("authenticates with PISTE once, sends the technical account, and renews a rejected token", async () => {
    const client = createChorusProClient(fake.config);
    fake.statuses.set("2001", "DEPOSEE");
    const before = fake.tokensIssued();
    await client.getInvoiceStatus("2001");
    await client.getInvoiceStatus("2001");
    expect(fake.tokensIssued()).toBe(before + 1);
    const last = fake.requests.at(-1)!;
    expect(last.account).toBe(btoa(`${fake.config.login}:${fake.config.password}`));
    expect(JSON.parse(last.body)).toEqual({ identifiantFactureCPP: 2001 });
    fake.revokeTokens();
    expect(await client.getInvoiceStatus("2001")).toMatchObject({ identifiantFactureCPP: "2001", statut: "DEPOSEE" });
    expect(fake.tokensIssued()).toBe(before + 2);
  });

  it("says which credential is wrong", async () => {
    await expect(createChorusProClient({ ...fake.config, clientSecret: "wrong" }).getInvoiceStatus("2001")).rejects.toThrow(
      /CHORUS_PRO_CLIENT_SECRET/,
    );
    await expect(createChorusProClient({ ...fake.config, password: "wrong" }).getInvoiceStatus("2001")).rejects.toThrow(/CHORUS_PRO_LOGIN/);
  });
});
