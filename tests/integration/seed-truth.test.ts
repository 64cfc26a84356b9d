import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attemptDocuments,
  attempts,
  auditEvents,
  communications,
  contactPoints,
  customerOptOuts,
  customerPreferences,
  customers,
  documents,
} from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { EINVOICE_CATEGORIES } from "@/lib/routing/plan-channels";
import { fallbackTarget, noFallbackReason } from "@/lib/sending/fallback-rule";
import { planCommunication, type PlanningRows } from "@/lib/sending/plan";
import { renderMessage } from "@/lib/templates/render";
import { readEnv } from "@/lib/env";
import { createProviderRegistry } from "@/lib/providers/registry";
import { runReconciliation } from "@/lib/reconciliation/run";
import { getTrackingHealth } from "@/lib/tracking-health";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// The demo data tells the truth: what the engine (lib/routing, lib/sending, lib/templates)
// would have written for the same customers, and a tracking health that shows only the
// story README.md names. Checked against the engine's own code on the stored rows.

const NOW = new Date("2026-03-02T09:30:00Z");

let database: TestDatabase;
let comms: (typeof communications.$inferSelect)[];
let chains: Map<string, (typeof attempts.$inferSelect)[]>;
let rows: (id: string) => PlanningRows;

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  await seedDemoData(db, { communications: 400, customers: 60, seed: 42, now: NOW });
  const [log, customerList, points, preferences, optOuts] = await Promise.all([
    db.select().from(attempts),
    db.select().from(customers),
    db.select().from(contactPoints),
    db.select().from(customerPreferences),
    db.select().from(customerOptOuts),
  ]);
  comms = await db.select().from(communications);
  chains = new Map();
  for (const a of log.sort((x, y) => x.seq - y.seq)) chains.set(a.communicationId, [...(chains.get(a.communicationId) ?? []), a]);
  const of = <T extends { customerId: string }>(list: T[], id: string) => list.filter((row) => row.customerId === id);
  rows = (id) => {
    const communication = comms.find((c) => c.id === id)!;
    const customer = customerList.find((c) => c.id === communication.customerId)!;
    // As planned at the first send: the suppressions a chain's own failures left came later.
    return {
      communication,
      customer,
      contactPoints: of(points, customer.id),
      preferences: of(preferences, customer.id),
      optOuts: of(optOuts, customer.id),
      suppressions: [],
    };
  };
});

afterAll(async () => {
  await database?.close();
});

describe("seeded demo data and the engine", () => {
  it("sends e-invoices for invoices and credit notes only", () => {
    const einvoices = [...chains.values()].flat().filter((a) => a.channel === "einvoice");
    expect(einvoices.length).toBeGreaterThan(0);
    for (const a of einvoices) expect(EINVOICE_CATEGORIES).toContain(a.category);
  });

  it("starts on the first channel of the engine's plan, or manual with the plan's reason", () => {
    for (const [id, chain] of chains) {
      const { plan, manualMessage } = planCommunication(rows(id));
      expect(chain[0]!.channel, chain[0]!.subjectRef).toBe(plan[0]?.channel ?? "manual");
      if (!plan[0]) expect(chain[0]!.bodyText).toBe(manualMessage);
    }
  });

  it("makes every fallback the engine would make, at once, and no other", () => {
    let manual = 0;
    for (const [id, chain] of chains) {
      const { plan } = planCommunication(rows(id));
      chain.forEach((a, i) => {
        const owed = a.failedAt !== null && noFallbackReason(a) === null;
        const after = chain[i + 1];
        if (!owed) {
          expect(after?.kind ?? "none", `${a.subjectRef} #${a.seq}`).not.toBe("fallback");
          return;
        }
        expect([after?.kind, after?.repeatsAttemptId], `${a.subjectRef} #${a.seq} ${a.failureClass}`).toEqual(["fallback", a.id]);
        const target = fallbackTarget({ plan, failedChannel: a.channel, attempts: chain.slice(0, i + 1) });
        if ("next" in target) {
          expect([after!.channel, after!.recipient]).toEqual([target.next.channel, expect.any(String)]);
        } else {
          manual++;
          expect([after!.channel, after!.bodyText]).toEqual(["manual", target.manualReason]);
        }
      });
    }
    expect(manual).toBeGreaterThan(0);
  });

  it("posts the letter the templates render, linked by its SHA-256", async () => {
    const { db } = database;
    const [links, docs] = await Promise.all([db.select().from(attemptDocuments), db.select().from(documents)]);
    const posted = [...chains.values()].flat().filter((a) => a.channel === "post");
    expect(posted.length).toBeGreaterThan(0);
    for (const a of posted) {
      const linked = links.filter((link) => link.attemptId === a.id);
      expect(linked, a.subjectRef).toHaveLength(1);
      const doc = docs.find((d) => d.id === linked[0]!.documentId)!;
      expect(linked[0]!.sha256).toBe(doc.sha256);
      const original = a.kind === "resend" ? chains.get(a.communicationId)!.find((b) => b.id === a.repeatsAttemptId)! : a;
      const { communication, customer } = rows(a.communicationId);
      const rendered = await renderMessage({
        category: communication.category,
        channel: "post",
        locale: communication.locale,
        subject: { type: communication.subjectType, reference: communication.subjectRef },
        customer: {
          name: customer.name,
          reference: customer.externalRef,
          country: customer.country,
          postalAddress: original.recipientPostal,
        },
        data: communication.templateData,
        issuedAt: communication.createdAt,
      });
      expect(doc.sha256, a.subjectRef).toBe(rendered.documents[0]!.sha256);
      expect([a.subject, a.bodyText]).toEqual([rendered.subject, rendered.bodyText]);
    }
  });

  it("shows tracking health green except the Chorus Pro invoice README.md names", async () => {
    const health = await getTrackingHealth(database.db, { now: NOW, unresolvedLimit: 10 });
    const problems = health.providers.flatMap((p) => [
      ...(p.lastEventAt ? [] : [`${p.provider}: no event`]),
      ...(p.stuckAttempts ? [`${p.provider}: ${p.stuckAttempts} stuck`] : []),
      ...(p.unknownMessageEvents + p.unrecognisedEvents ? [`${p.provider}: unmatched events`] : []),
      ...(p.rejectedRequests.invalidSignature + p.rejectedRequests.payloadTooLarge ? [`${p.provider}: refused requests`] : []),
    ]);
    expect(problems).toEqual(["chorus_pro: 1 stuck"]);
    expect(health.recentUnresolved).toEqual([]);
    const stuck = [...chains.values()]
      .flat()
      .filter((a) => a.provider === "chorus_pro" && a.status === "sent" && a.statusAt < new Date(NOW.getTime() - 5 * 86_400_000));
    expect(stuck.map((a) => a.customerName)).toEqual(["Mairie de Villeurbanne"]);
  });

  it("leaves reconciliation nothing to ask and no failure without its fallback", async () => {
    const asked: string[] = [];
    const registry = createProviderRegistry(readEnv({}), { delayMs: 0, deliver: async () => {} });
    const providers = {
      ...registry,
      adapterFor: (provider: Parameters<typeof registry.adapterFor>[0]) => {
        const adapter = registry.adapterFor(provider);
        return {
          ...adapter,
          fetchStatus: (query: Parameters<typeof adapter.fetchStatus>[0]) => (asked.push(query.attemptId), adapter.fetchStatus(query)),
        } as typeof adapter;
      },
    };
    let publications = 0;
    const run = await runReconciliation(database.db, {
      providers,
      publishJobs: async () => void publications++,
      now: () => NOW,
    });
    expect([asked, publications, run.strandedFound]).toEqual([[], 0, 0]);
  });

  it("records its audit trail in time order, as a live installation would", async () => {
    const trail = await database.db
      .select({ id: auditEvents.id, createdAt: auditEvents.createdAt })
      .from(auditEvents)
      .orderBy(auditEvents.id);
    expect(trail.length).toBeGreaterThan(10);
    const times = trail.map((event) => event.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
