import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, test } from "vitest";
import { CHANNEL_LABELS, type Channel, STATUS_LABELS } from "@/lib/status";
import { chorusProEvent } from "@/lib/webhooks/chorus-pro";
import { parsePeppolWebhook } from "@/lib/webhooks/peppol";
import { parsePingenWebhook } from "@/lib/webhooks/pingen";
import type { EventEffect, ProviderEvent, RawWebhook } from "@/lib/webhooks/provider-event";
import { parseResendWebhook } from "@/lib/webhooks/resend";
import { parseSendgridWebhook } from "@/lib/webhooks/sendgrid";
import { parseTwilioWebhook } from "@/lib/webhooks/twilio";

// Every published provider payload in tests/fixtures/providers maps to the status, label and
// failure class docs/status-model.md and docs/providers.md call for.

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/providers");
const read = (relative: string) => fs.readFileSync(path.join(FIXTURES, relative), "utf8");
const raw = (text: string, headers: Record<string, string> = {}): RawWebhook => ({
  text,
  headers: new Headers(headers),
  bodySha256: "0".repeat(64),
});

type Expected =
  | { status: string; label: string; failureClass?: string; errorCode?: string | null }
  | { engagement: string }
  | "informational"
  | "unrecognised";

function summarise(effect: EventEffect): Expected {
  if (effect.kind === "status") {
    return effect.failure
      ? { status: effect.status, label: effect.label, failureClass: effect.failure.failureClass, errorCode: effect.failure.errorCode }
      : { status: effect.status, label: effect.label };
  }
  if (effect.kind === "engagement") return { engagement: effect.flag };
  return effect.kind;
}

// A stored label must be one CHANNEL_LABELS lists for that status (or the generic one).
function expectLabelFits(channel: Channel, effect: EventEffect) {
  if (effect.kind !== "status") return;
  const labels: Record<string, readonly string[]> = CHANNEL_LABELS[channel];
  const fits = labels[effect.label]?.includes(effect.status) || effect.label === STATUS_LABELS[effect.status];
  expect(fits, `${channel}: "${effect.label}" does not stand for ${effect.status}`).toBe(true);
  if (effect.status === "failed" || effect.status === "rejected") expect(effect.failure?.errorMessage).toMatch(/ — /);
}

describe("Resend fixtures (resend/webhooks-sdk-resend-rust)", () => {
  test.each<[string, Expected]>([
    ["email.sent", { status: "accepted", label: "Accepted" }],
    ["email.delivered", { status: "delivered", label: "Delivered" }],
    ["email.delivery_delayed", "informational"],
    ["email.bounced", { status: "failed", label: "Bounced", failureClass: "permanent_recipient", errorCode: "Permanent/Suppressed" }],
    ["email.complained", { engagement: "complained" }],
    ["email.failed", { status: "rejected", label: "Dropped", failureClass: "permanent_content", errorCode: "reached_daily_quota" }],
    [
      "email.suppressed",
      { status: "rejected", label: "Dropped", failureClass: "permanent_recipient", errorCode: "OnAccountSuppressionList" },
    ],
  ])("%s", (type, expected) => {
    const [event, ...rest] = parseResendWebhook(raw(read(`resend/webhooks-sdk-resend-rust/${type}.json`), { "svix-id": "msg_1" }));
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({
      provider: "resend",
      eventKey: "msg_1",
      eventType: type,
      providerMessageId: "56761188-7520-42d8-8898-ff6fc54ce618",
    });
    expect(summarise(event!.effect)).toEqual(expected);
    expectLabelFits("email", event!.effect);
  });

  it("reads a transient bounce as a temporary Blocked, and an unknown type as unrecognised", () => {
    const bounce = JSON.stringify({
      type: "email.bounced",
      data: { email_id: "e1", bounce: { type: "Transient", subType: "MailboxFull" } },
    });
    expect(summarise(parseResendWebhook(raw(bounce))[0]!.effect)).toEqual({
      status: "failed",
      label: "Blocked",
      failureClass: "temporary",
      errorCode: "Transient/MailboxFull",
    });
    const received = JSON.stringify({ type: "email.received", data: { email_id: "e1" } });
    expect(parseResendWebhook(raw(received))[0]!.effect.kind).toBe("unrecognised");
  });
});

describe("SendGrid fixtures (sendgrid/event-webhook-docs)", () => {
  test.each<[string, Expected]>([
    ["processed", { status: "accepted", label: "Accepted" }],
    ["deferred", "informational"],
    ["delivered", { status: "delivered", label: "Delivered" }],
    ["bounce-type-bounce", { status: "failed", label: "Bounced", failureClass: "permanent_recipient", errorCode: "5.0.0" }],
    ["bounce-type-blocked", { status: "failed", label: "Blocked", failureClass: "temporary", errorCode: "5.0.0" }],
    ["dropped", { status: "rejected", label: "Dropped", failureClass: "permanent_recipient", errorCode: "Bounced Address" }],
    ["open", { engagement: "opened" }],
    ["click", { engagement: "clicked" }],
    ["spamreport", { engagement: "complained" }],
    ["unsubscribe", "informational"],
    ["group_unsubscribe", "informational"],
    ["group_resubscribe", "informational"],
  ])("%s", (file, expected) => {
    const events = parseSendgridWebhook(raw(read(`sendgrid/event-webhook-docs/${file}.json`)));
    expect(events).toHaveLength(1);
    expect(events[0]!.providerMessageId).toBe("14c5d75ce93");
    expect(summarise(events[0]!.effect)).toEqual(expected);
    expectLabelFits("email", events[0]!.effect);
  });

  it("maps the documented mixed batch event by event, in order", () => {
    const events = parseSendgridWebhook(raw(read("sendgrid/event-webhook-docs/batch-all-events.json")));
    expect(events.map((event) => summarise(event.effect))).toEqual([
      { status: "accepted", label: "Accepted" },
      "informational",
      { status: "delivered", label: "Delivered" },
      { engagement: "opened" },
      { engagement: "clicked" },
      { status: "failed", label: "Bounced", failureClass: "permanent_recipient", errorCode: "5.0.0" },
      { status: "rejected", label: "Dropped", failureClass: "permanent_recipient", errorCode: "Bounced Address" },
      { engagement: "complained" },
      "informational",
      "informational",
      "informational",
    ]);
    expect(new Set(events.map((event) => event.providerMessageId))).toEqual(new Set(["sg_message_id"]));
    for (const event of events) expectLabelFits("email", event.effect);
  });

  it("classifies drop reasons and keeps an unreadable element as unrecognised", () => {
    const batch = JSON.stringify([
      { event: "dropped", sg_event_id: "a", sg_message_id: "m.1", reason: "Spam Content" },
      { no: "event field" },
      { event: "machine_opened", sg_event_id: "b", sg_message_id: "m.1" },
    ]);
    const [spam, unreadable, unknown] = parseSendgridWebhook(raw(batch));
    expect(summarise(spam!.effect)).toMatchObject({ status: "rejected", failureClass: "permanent_content" });
    expect(unreadable!.effect.kind).toBe("unrecognised");
    expect(unreadable!.eventKey).toMatch(/^unreadable:/);
    expect(unknown!.effect.kind).toBe("unrecognised");
  });

  it("stores a body that is not a JSON array as one unreadable event", () => {
    expect(parseSendgridWebhook(raw("{")).map((event) => [event.eventKey, event.effect.kind])).toEqual([
      [`unreadable:${"0".repeat(64)}`, "unrecognised"],
    ]);
  });
});

describe("Pingen fixtures (pingen/webhooks)", () => {
  test.each<[string, Expected]>([
    ["webhook_sent", { status: "sent", label: "Sent" }],
    ["webhook_delivered", { status: "delivered", label: "Delivered" }],
    ["webhook_undeliverable", { status: "failed", label: "Failed", failureClass: "permanent_recipient", errorCode: "undeliverable" }],
    ["webhook_issues", { status: "rejected", label: "Rejected", failureClass: "permanent_content", errorCode: "issue" }],
  ])("shape %s", (type, expected) => {
    const [event] = parsePingenWebhook(raw(read(`pingen/webhooks/shapes/${type}.json`)));
    expect(event).toMatchObject({
      eventKey: "dddddddd-1111-2222-3333-444444444444",
      providerMessageId: "cccccccc-1111-2222-3333-444444444444",
    });
    expect(summarise(event!.effect)).toEqual(expected);
    expectLabelFits("post", event!.effect);
  });

  it("suggests Pingen's corrected address on an undeliverable letter", () => {
    const [event] = parsePingenWebhook(raw(read("pingen/webhooks/shapes/webhook_undeliverable.json")));
    expect(event!.effect).toMatchObject({
      failure: { errorMessage: expect.stringContaining("Alex Meier, Example street 50A, 8051 Zürich") },
    });
  });

  test.each(["", "-2", "-3"])("signed vector%s: the letters_events code decides", (suffix) => {
    const [event] = parsePingenWebhook(raw(read(`pingen/webhooks/webhook_issues.signed-test-vector${suffix}.body.json`)));
    expect(event!.eventType).toMatch(/^webhook_issues:file_/);
    expect(summarise(event!.effect)).toMatchObject({
      status: "rejected",
      failureClass: "permanent_content",
      errorCode: expect.stringMatching(/^file_/),
    });
    expect(event!.occurredAt).toBeInstanceOf(Date);
  });
});

describe("Twilio status callbacks (built from the documented parameters)", () => {
  const callback = (status: string, errorCode?: string) =>
    parseTwilioWebhook(
      raw(new URLSearchParams({ MessageSid: "SM1", MessageStatus: status, ...(errorCode ? { ErrorCode: errorCode } : {}) }).toString()),
    )[0]!;

  test.each<[string, string | undefined, Expected]>([
    ["queued", undefined, { status: "accepted", label: "Accepted" }],
    ["sending", undefined, { status: "accepted", label: "Accepted" }],
    ["sent", undefined, { status: "sent", label: "Sent" }],
    ["delivered", undefined, { status: "delivered", label: "Delivered" }],
    ["read", undefined, { status: "delivered", label: "Delivered" }],
    ["undelivered", "30003", { status: "failed", label: "Undelivered", failureClass: "temporary", errorCode: "30003" }],
    ["undelivered", "30005", { status: "failed", label: "Undelivered", failureClass: "permanent_recipient", errorCode: "30005" }],
    ["failed", "30007", { status: "failed", label: "Failed", failureClass: "permanent_content", errorCode: "30007" }],
    ["failed", "21610", { status: "failed", label: "Failed", failureClass: "permanent_recipient", errorCode: "21610" }],
    ["failed", "99999", { status: "failed", label: "Failed", failureClass: "temporary", errorCode: "99999" }],
    ["received", undefined, "unrecognised"],
  ])("%s %s", (status, errorCode, expected) => {
    const event = callback(status, errorCode);
    expect(event.eventKey).toBe(`SM1:${status}`);
    expect(summarise(event.effect)).toEqual(expected);
    expectLabelFits("sms", event.effect);
  });

  it("reads RawDlrDoneDate as the event time", () => {
    const text = new URLSearchParams({ MessageSid: "SM1", MessageStatus: "delivered", RawDlrDoneDate: "2601151042" }).toString();
    expect(parseTwilioWebhook(raw(text))[0]!.occurredAt?.toISOString()).toBe("2026-01-15T10:42:00.000Z");
  });
});

describe("Peppol access point events (Herald's contract)", () => {
  const event = (name: string, extra: Record<string, unknown> = {}): ProviderEvent =>
    parsePeppolWebhook(raw(JSON.stringify({ eventId: "ev1", event: name, transmissionId: "tx1", ...extra })))[0]!;

  test.each<[string, Record<string, unknown>, Expected]>([
    ["transmission.accepted", {}, { status: "accepted", label: "Accepted" }],
    ["transmission.sent", {}, { status: "sent", label: "Sent" }],
    ["mls.AP", {}, { status: "delivered", label: "Sent" }],
    ["mls.AB", {}, { status: "delivered", label: "Sent" }],
    [
      "mls.RE",
      { mls: { responseCode: "RE", reasons: [{ code: "BV", description: "[BR-CO-15]-Totals differ" }] } },
      { status: "rejected", label: "Rejected", failureClass: "permanent_content", errorCode: "BR-CO-15" },
    ],
    [
      "transmission.failed",
      { error: { code: "receiver_not_registered" } },
      { status: "rejected", label: "Rejected", failureClass: "permanent_recipient", errorCode: "receiver_not_registered" },
    ],
    [
      "transmission.failed",
      { error: { code: "as4_timeout" } },
      { status: "failed", label: "Rejected", failureClass: "temporary", errorCode: "as4_timeout" },
    ],
    ["invoice_response.RE", {}, { status: "rejected", label: "Rejected", failureClass: "permanent_content", errorCode: "RE" }],
    ["invoice_response.PD", {}, "informational"],
    ["mls.XX", {}, "unrecognised"],
  ])("%s", (name, extra, expected) => {
    const mapped = event(name, extra);
    expect(mapped).toMatchObject({ eventKey: "ev1", providerMessageId: "tx1" });
    expect(summarise(mapped.effect)).toEqual(expected);
    expectLabelFits("einvoice", mapped.effect);
  });
});

describe("Chorus Pro polled statuses", () => {
  test.each<[string, Expected]>([
    ["DEPOSEE", { status: "accepted", label: "Accepted" }],
    ["IN_INTEGRE", { status: "accepted", label: "Accepted" }],
    ["EN_COURS_ACHEMINEMENT", { status: "sent", label: "Sent" }],
    ["MISE_A_DISPOSITION", { status: "delivered", label: "Sent" }],
    ["MISE_EN_PAIEMENT", { status: "delivered", label: "Sent" }],
    ["REJETEE", { status: "rejected", label: "Rejected", failureClass: "permanent_content", errorCode: "REJETEE" }],
    ["IN_REJETE", { status: "rejected", label: "Rejected", failureClass: "permanent_content", errorCode: "IN_REJETE" }],
    ["SUSPENDUE", "informational"],
    ["STATUT_INCONNU", "unrecognised"],
  ])("%s", (statut, expected) => {
    const event = chorusProEvent({ identifiantFactureCPP: "8316845", statut, occurredAt: null, payload: {} });
    expect(event).toMatchObject({ eventKey: `8316845:${statut}`, providerMessageId: "8316845", provider: "chorus_pro" });
    expect(summarise(event.effect)).toEqual(expected);
    expectLabelFits("einvoice", event.effect);
  });
});
