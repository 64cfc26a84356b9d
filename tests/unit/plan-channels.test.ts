import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { categoryEnum } from "@/db/schema/enums";
import { type PlanChannelsInput, type PlanContactPoint, planChannels } from "@/lib/routing/plan-channels";
import { CHANNELS } from "@/lib/status";

// The channel plan: preferred order − opt-outs − unusable contact details, and why a plan
// came out empty. The validation of each contact detail is in contact-validation.test.ts.

const email: PlanContactPoint = { id: "cp-email", channel: "email", address: "jeanne@example.fr" };
const mobile: PlanContactPoint = { id: "cp-sms", channel: "sms", address: "+33612345678" };
const landline: PlanContactPoint = { id: "cp-landline", channel: "sms", address: "+33123456789" };
const postal: PlanContactPoint = {
  id: "cp-post",
  channel: "post",
  address: "12 rue de la Paix, 75002 Paris",
  postal: { line1: "12 rue de la Paix", postalCode: "75002", city: "Paris", country: "fr" },
};
const peppol: PlanContactPoint = { id: "cp-peppol", channel: "einvoice", address: "0009:73282932000074" };
const allContacts = [email, mobile, postal, peppol];

const base: PlanChannelsInput = { category: "invoice", preferences: [], optOuts: [], contactPoints: allContacts };
const channelsOf = (input: Partial<PlanChannelsInput>) => planChannels({ ...base, ...input }).plan.map((step) => step.channel);

describe("planChannels — order", () => {
  it.each([
    ["no preference → e-mail, SMS, post", {}, ["email", "sms", "post"]],
    ["public sector with e-invoicing → e-invoice first", { customer: { isPublicSector: true } }, ["einvoice", "email", "sms", "post"]],
    ["public sector without registration → default", { customer: { isPublicSector: true }, contactPoints: [email] }, ["email"]],
    ["default preference row", { preferences: [{ category: null, channels: ["post", "email"] }] }, ["post", "email"]],
    [
      "category row overrides the default row",
      {
        preferences: [
          { category: null, channels: ["post"] },
          { category: "invoice", channels: ["sms", "email"] },
        ],
      },
      ["sms", "email"],
    ],
    [
      "another category's row does not apply",
      {
        preferences: [
          { category: null, channels: ["post"] },
          { category: "reminder", channels: ["sms"] },
        ],
      },
      ["post"],
    ],
    ["e-invoice preferred for an invoice", { preferences: [{ category: null, channels: ["einvoice", "email"] }] }, ["einvoice", "email"]],
    [
      "e-invoice skipped for a reminder",
      { category: "reminder", preferences: [{ category: null, channels: ["einvoice", "email"] }] },
      ["email"],
    ],
    ["override replaces the order", { channelOverride: "post", preferences: [{ category: null, channels: ["email", "post"] }] }, ["post"]],
    [
      "duplicates in a preference are planned once",
      { preferences: [{ category: null, channels: ["sms", "sms", "email"] }] },
      ["sms", "email"],
    ],
  ] satisfies [string, Partial<PlanChannelsInput>, string[]][])("%s", (_name, input, expected) => {
    expect(channelsOf(input)).toEqual(expected);
  });
});

describe("planChannels — opt-outs", () => {
  it.each([
    ["global opt-out removes the channel", { optOuts: [{ channel: "email", category: null }] }, ["sms", "post"]],
    ["opt-out for this category removes it", { optOuts: [{ channel: "sms", category: "invoice" }] }, ["email", "post"]],
    ["opt-out for another category does not", { optOuts: [{ channel: "sms", category: "reminder" }] }, ["email", "sms", "post"]],
    ["override never bypasses an opt-out", { channelOverride: "sms", optOuts: [{ channel: "sms", category: "invoice" }] }, []],
  ] satisfies [string, Partial<PlanChannelsInput>, string[]][])("%s", (_name, input, expected) => {
    expect(channelsOf(input)).toEqual(expected);
  });

  it("says why the override produced no plan", () => {
    const result = planChannels({ ...base, channelOverride: "sms", optOuts: [{ channel: "sms", category: null }] });
    expect(result).toMatchObject({
      manualReason: "all channels opted out",
      skipped: [{ channel: "sms", cause: "opted_out", reason: "SMS opted out (all messages)" }],
    });
  });
});

describe("planChannels — contact details", () => {
  it("normalises each planned contact point and keeps its id", () => {
    const result = planChannels({
      ...base,
      customer: { isPublicSector: true, country: "FR" },
      contactPoints: [{ ...email, address: " Élodie@Exemple.FR " }, { ...mobile, address: "06 12 34 56 78" }, postal, peppol],
    });
    expect(result.plan).toEqual([
      { channel: "einvoice", contactPoint: "0009:73282932000074", contactPointId: "cp-peppol", einvoiceNetwork: "peppol" },
      { channel: "email", contactPoint: "Élodie@exemple.fr", contactPointId: "cp-email" },
      { channel: "sms", contactPoint: "+33612345678", contactPointId: "cp-sms" },
      {
        channel: "post",
        contactPoint: "12 rue de la Paix\n75002 Paris\nFR",
        contactPointId: "cp-post",
        postal: { line1: "12 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
      },
    ]);
    expect(result.manualReason).toBeUndefined();
  });

  it("refuses a landline for SMS and explains it", () => {
    const result = planChannels({ ...base, contactPoints: [landline] });
    expect(result.plan).toEqual([]);
    expect(result.skipped).toContainEqual({ channel: "sms", cause: "invalid", reason: expect.stringContaining("landline") });
  });

  it("skips a contact point marked invalid and uses the next one for the channel", () => {
    const bounced = { ...email, id: "cp-old", address: "old@example.fr", invalidAt: new Date("2026-01-15"), invalidReason: "hard bounce" };
    const spare = { ...email, id: "cp-spare", address: "billing@example.fr", isPrimary: false };
    expect(planChannels({ ...base, contactPoints: [bounced, spare] }).plan).toEqual([
      { channel: "email", contactPoint: "billing@example.fr", contactPointId: "cp-spare" },
    ]);
    expect(planChannels({ ...base, contactPoints: [bounced] }).skipped[0]).toEqual({
      channel: "email",
      cause: "invalid",
      reason: "E-mail old@example.fr marked invalid (hard bounce)",
    });
  });

  it("prefers the primary contact point of a channel", () => {
    const secondary = { ...email, id: "cp-2", address: "second@example.fr", isPrimary: false };
    expect(planChannels({ ...base, contactPoints: [secondary, email] }).plan[0]?.contactPointId).toBe("cp-email");
  });

  it("skips an incomplete postal address", () => {
    const incomplete = { ...postal, postal: { line1: "12 rue de la Paix", postalCode: "", city: "Paris", country: "FR" } };
    expect(planChannels({ ...base, contactPoints: [incomplete] }).skipped).toContainEqual({
      channel: "post",
      cause: "invalid",
      reason: "postal address incomplete (no postalCode)",
    });
  });

  it("routes a bare SIRET to Chorus Pro", () => {
    const siret = { ...peppol, address: "732 829 320 00074" };
    expect(planChannels({ ...base, customer: { isPublicSector: true }, contactPoints: [siret] }).plan).toEqual([
      { channel: "einvoice", contactPoint: "73282932000074", contactPointId: "cp-peppol", einvoiceNetwork: "chorus_pro" },
    ]);
  });
});

describe("planChannels — empty plan", () => {
  it.each([
    [
      "no contact details at all",
      { contactPoints: [] },
      "missing contact details",
      "No usable contact details: no e-mail address, no mobile number, no postal address — record a valid contact, then resend",
    ],
    [
      "invalid e-mail, landline, no address",
      { contactPoints: [{ ...email, address: "jeanne@@example" }, landline] },
      "missing contact details",
      "No usable contact details: e-mail address invalid (jeanne@@example), phone number is a landline (+33123456789), it cannot receive SMS, no postal address — record a valid contact, then resend",
    ],
    [
      "some opted out, the rest missing",
      { contactPoints: [email], optOuts: [{ channel: "email", category: null }] },
      "missing contact details",
      "No usable contact details: no mobile number, no postal address; opted out of E-mail — record a valid contact, then resend",
    ],
    [
      "every preferred channel opted out",
      {
        preferences: [{ category: null, channels: ["email", "sms"] }],
        optOuts: [
          { channel: "email", category: null },
          { channel: "sms", category: "invoice" },
        ],
      },
      "all channels opted out",
      "All channels opted out: E-mail opted out (all messages), SMS opted out (invoice messages) — deliver it by hand or ask the customer to opt back in",
    ],
    [
      "manual preferred",
      { preferences: [{ category: null, channels: ["manual"] }] },
      "manual delivery preferred",
      "The customer asked for manual handling — deliver it by hand and record it as done",
    ],
    [
      "only e-invoice preferred for a reminder",
      { category: "reminder", preferences: [{ category: null, channels: ["einvoice"] }] },
      "no channel for this category",
      "No channel can carry this message: e-invoicing carries only invoices and credit notes — deliver it by hand",
    ],
  ] satisfies [string, Partial<PlanChannelsInput>, string, string][])("%s", (_name, input, reason, message) => {
    const result = planChannels({ ...base, ...input });
    expect(result.plan).toEqual([]);
    expect(result.manualReason).toBe(reason);
    expect(result.manualMessage).toBe(message);
  });
});

describe("planChannels — properties", () => {
  const contactPoint = fc.record({
    channel: fc.constantFrom(...CHANNELS),
    address: fc.constantFrom("jeanne@example.fr", "bad@@x", "+33612345678", "+33123456789", "0009:73282932000074", "0009:1", "12 rue"),
    postal: fc.option(fc.constant({ line1: "12 rue", postalCode: "75002", city: "Paris", country: "FR" }), { nil: null }),
    invalidAt: fc.option(fc.constant(new Date("2026-01-01")), { nil: null }),
  });
  const category = fc.constantFrom(...categoryEnum.enumValues);
  const input = fc.record({
    category,
    channelOverride: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
    preferences: fc.array(fc.record({ category: fc.option(category, { nil: null }), channels: fc.array(fc.constantFrom(...CHANNELS)) }), {
      maxLength: 3,
    }),
    optOuts: fc.array(fc.record({ channel: fc.constantFrom(...CHANNELS), category: fc.option(category, { nil: null }) }), { maxLength: 4 }),
    contactPoints: fc.array(contactPoint, { maxLength: 6 }),
    customer: fc.record({ isPublicSector: fc.boolean() }),
  });

  it("never plans an opted-out channel or an invalid contact, keeps preference order, explains every empty plan", () => {
    fc.assert(
      fc.property(input, (generated) => {
        const result = planChannels(generated);
        const channels = result.plan.map((step) => step.channel);
        for (const step of result.plan) {
          expect(
            generated.optOuts.some((o) => o.channel === step.channel && (o.category === null || o.category === generated.category)),
          ).toBe(false);
          const usable = generated.contactPoints.filter((p) => p.channel === step.channel && !p.invalidAt);
          expect(usable.length).toBeGreaterThan(0);
          expect(step.contactPoint).not.toMatch(/@@|^0009:1$/);
          if (step.channel === "sms") expect(step.contactPoint).toBe("+33612345678");
        }
        expect(new Set(channels).size).toBe(channels.length);
        const preference =
          generated.preferences.find((p) => p.category === generated.category) ?? generated.preferences.find((p) => p.category === null);
        const order = generated.channelOverride ? [generated.channelOverride] : preference ? preference.channels : null;
        if (order) {
          const positions = channels.map((channel) => order.indexOf(channel));
          expect(positions.every((position) => position >= 0)).toBe(true);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
        expect(result.manualReason === undefined).toBe(result.plan.length > 0);
        if (result.plan.length === 0) expect(result.manualMessage).toBeTruthy();
      }),
      { numRuns: 500 },
    );
  });
});
