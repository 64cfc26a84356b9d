import { describe, expect, it } from "vitest";
import { planChannels } from "@/lib/routing/plan-channels";
import type { PlanSuppression } from "@/lib/routing/suppressions";
import { contactVerdict } from "@/lib/webhooks/contact-verdicts";
import type { RawWebhook } from "@/lib/webhooks/provider-event";
import { parsePingenWebhook } from "@/lib/webhooks/pingen";
import { parseResendWebhook } from "@/lib/webhooks/resend";
import { parseSendgridWebhook } from "@/lib/webhooks/sendgrid";
import { parseTwilioWebhook } from "@/lib/webhooks/twilio";
import { readFixture } from "../support/fakes/http-fake";

// What each provider event says about the contact point (lib/webhooks/contact-verdicts.ts),
// and how the channel plan treats a suppressed one (lib/routing/plan-channels.ts).

const raw = (text: string): RawWebhook => ({ text, headers: new Headers(), bodySha256: "0".repeat(64) });
const json = (value: unknown) => raw(JSON.stringify(value));

const sendgrid = (file: string, patch: Record<string, unknown> = {}) => {
  const [event] = parseSendgridWebhook(json(readFixture<object[]>(`sendgrid/event-webhook-docs/${file}`).map((e) => ({ ...e, ...patch }))));
  return contactVerdict(event!);
};
const resend = (file: string, data: Record<string, unknown> = {}) => {
  const fixture = readFixture<{ data: object }>(`resend/webhooks-sdk-resend-rust/${file}`);
  return contactVerdict(parseResendWebhook(json({ ...fixture, data: { ...fixture.data, ...data } }))[0]!);
};
const twilio = (status: string, code?: string) =>
  contactVerdict(
    parseTwilioWebhook(
      raw(new URLSearchParams({ MessageSid: "SM1", MessageStatus: status, ...(code ? { ErrorCode: code } : {}) }).toString()),
    )[0]!,
  );

describe("contact verdicts", () => {
  it.each([
    ["unsubscribe.json", {}, { kind: "unsubscribed", scope: "all" }],
    ["group_unsubscribe.json", {}, { kind: "unsubscribed", scope: "category" }],
    ["spamreport.json", {}, { kind: "complained", scope: "all" }],
    ["dropped.json", {}, { kind: "bounced", scope: "all" }],
    ["dropped.json", { reason: "Unsubscribed Address" }, { kind: "unsubscribed", scope: "all" }],
    ["dropped.json", { reason: "Spam Reporting Address" }, { kind: "complained", scope: "all" }],
    ["dropped.json", { reason: "Invalid" }, { kind: "invalid" }],
    ["dropped.json", { reason: "Spam Content" }, null],
    ["bounce-type-bounce.json", {}, { kind: "invalid" }],
    ["bounce-type-blocked.json", {}, null],
    ["group_resubscribe.json", {}, null],
    ["delivered.json", {}, null],
    ["open.json", {}, null],
  ])("SendGrid %s %j → %j", (file, patch, verdict) => expect(sendgrid(file, patch)).toEqual(verdict));

  it("Resend: complaint, suppression, a suppressed hard bounce; other hard bounces invalidate, soft ones nothing", () => {
    expect(resend("email.complained.json")).toEqual({ kind: "complained", scope: "all" });
    expect(resend("email.suppressed.json")).toEqual({ kind: "bounced", scope: "all" });
    expect(resend("email.bounced.json")).toEqual({ kind: "bounced", scope: "all" });
    expect(resend("email.bounced.json", { bounce: { type: "Permanent", subType: "General" } })).toEqual({ kind: "invalid" });
    expect(resend("email.bounced.json", { bounce: { type: "Transient", subType: "MailboxFull" } })).toBeNull();
    expect(resend("email.delivered.json")).toBeNull();
  });

  it("Twilio: STOP (21610) unsubscribes; invalid and unreachable numbers invalidate; temporary errors say nothing", () => {
    expect(twilio("failed", "21610")).toEqual({ kind: "unsubscribed", scope: "all" });
    for (const code of ["21211", "21614", "30005", "30006"]) expect(twilio("undelivered", code)).toEqual({ kind: "invalid" });
    expect(twilio("undelivered", "30003")).toBeNull();
    expect(twilio("delivered")).toBeNull();
  });

  it("Pingen: an undeliverable letter invalidates the postal address", () => {
    expect(contactVerdict(parsePingenWebhook(json(readFixture("pingen/webhooks/shapes/webhook_undeliverable.json")))[0]!)).toEqual({
      kind: "invalid",
    });
    expect(contactVerdict(parsePingenWebhook(json(readFixture("pingen/webhooks/shapes/webhook_delivered.json")))[0]!)).toBeNull();
  });
});

describe("planChannels — suppressions", () => {
  const at = new Date("2026-11-12T10:00:00Z");
  const suppression = (patch: Partial<PlanSuppression>): PlanSuppression => ({
    channel: "email",
    address: "billing@acme.example",
    category: null,
    kind: "unsubscribed",
    provider: "sendgrid",
    createdAt: at,
    ...patch,
  });
  const input = (suppressions: PlanSuppression[], category: "invoice" | "reminder" = "invoice") => ({
    category,
    preferences: [],
    optOuts: [],
    contactPoints: [
      { channel: "email" as const, address: "Billing@ACME.example" },
      { channel: "sms" as const, address: "06 12 34 56 78" },
    ],
    suppressions,
    customer: { country: "FR" },
  });

  it("skips a suppressed address (case-insensitive), saying who refused, when and where", () => {
    const { plan, skipped } = planChannels(input([suppression({})]));
    expect(plan.map((p) => p.channel)).toEqual(["sms"]);
    expect(skipped[0]).toEqual({
      channel: "email",
      cause: "suppressed",
      suppression: "unsubscribed",
      reason: "E-mail billing@acme.example: the recipient unsubscribed on 12 Nov 2026 via SendGrid — lift the suppression to send again",
    });
  });

  it("matches a phone number as the plan normalises it; a category suppression covers that category only", () => {
    const sms = suppression({ channel: "sms", address: "+33612345678", kind: "complained", provider: "twilio", category: "reminder" });
    expect(planChannels(input([sms], "reminder")).plan.map((p) => p.channel)).toEqual(["email"]);
    expect(planChannels(input([sms], "invoice")).plan.map((p) => p.channel)).toEqual(["email", "sms"]);
  });

  it("every channel suppressed → an empty plan whose message names each refusal", () => {
    const both = [suppression({}), suppression({ channel: "sms", address: "+33612345678", kind: "bounced", provider: "twilio" })];
    const result = planChannels({ ...input(both), preferences: [{ category: null, channels: ["email", "sms"] }] });
    expect(result.plan).toEqual([]);
    expect(result.manualReason).toBe("all channels opted out");
    expect(result.manualMessage).toMatch(
      /unsubscribed on 12 Nov 2026 via SendGrid.+suppression list after earlier bounces on 12 Nov 2026 via Twilio/,
    );
  });
});
