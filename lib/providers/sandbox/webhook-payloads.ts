import { randomUUID } from "node:crypto";

// Webhook payloads in each provider's published format (tests/fixtures/providers has the originals;
// tests/unit/sandbox-payloads.test.ts holds these to the fixtures' shape), with our ids.
// The sandbox providers post them back to Herald; tests use them for many distinct events.

export function resendEvent(type: string, emailId: string, data: Record<string, unknown> = {}, at = new Date()) {
  return {
    type,
    created_at: at.toISOString(),
    data: {
      created_at: at.toISOString(),
      email_id: emailId,
      from: "Helios Billing <billing@helios.example>",
      to: ["customer@example.com"],
      subject: "Invoice INV-1",
      ...data,
    },
  };
}

export const RESEND_DATA: Record<string, Record<string, unknown>> = {
  "email.bounced": { bounce: { message: "550 5.1.1 mailbox unavailable", subType: "General", type: "Permanent" } },
  "email.failed": { failed: { reason: "reached_daily_quota" } },
  "email.suppressed": { suppressed: { message: "On the suppression list", type: "OnAccountSuppressionList" } },
};

export function sendgridEvent(event: string, messageId: string, extra: Record<string, unknown> = {}, eventId: string = randomUUID()) {
  return {
    email: "customer@example.com",
    timestamp: Math.floor(Date.now() / 1000),
    "smtp-id": `<${messageId}@ismtpd-555>`,
    event,
    category: ["invoice"],
    sg_event_id: eventId,
    sg_message_id: `${messageId}.filterdrecv-5bd8b4d6-1-1`,
    ...extra,
  };
}

export const SENDGRID_EXTRA: Record<string, Record<string, unknown>> = {
  bounce: { reason: "550 5.1.1 unknown recipient", status: "5.1.1", type: "bounce", bounce_classification: "Invalid Address" },
  blocked: { event: "bounce", reason: "421 4.7.0 try later", status: "4.7.0", type: "blocked", bounce_classification: "Reputation" },
  dropped: { reason: "Bounced Address", status: "5.0.0" },
  deferred: { response: "400 try again later", attempt: "5" },
};

export function twilioCallback(messageSid: string, status: string, errorCode?: string): Record<string, string> {
  return {
    ApiVersion: "2010-04-01",
    AccountSid: "AC00000000000000000000000000000000",
    MessageSid: messageSid,
    SmsSid: messageSid,
    MessageStatus: status,
    SmsStatus: status,
    To: "+33612345678",
    From: "HELIOS",
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  };
}

export function twilioSid(): string {
  return `SM${randomUUID().replaceAll("-", "")}`;
}

export function pingenWebhook(type: string, letterId: string, options: { eventId?: string; code?: string; reason?: string } = {}) {
  const eventId = options.eventId ?? randomUUID();
  const stamp = "2026-01-15T10:00:00+0100";
  return {
    data: {
      id: randomUUID(),
      type,
      attributes: {
        ...(options.reason ? { reason: options.reason } : {}),
        url: "https://herald.test/api/webhooks/pingen",
        created_at: stamp,
      },
      relationships: {
        organisation: { data: { id: "bbbbbbbb-1111-2222-3333-444444444444", type: "organisations" } },
        letter: { data: { id: letterId, type: "letters" } },
        event: { data: { id: eventId, type: "letters_events" } },
      },
    },
    included: options.code
      ? [{ type: "letters_events", id: eventId, attributes: { code: options.code, name: options.code, emitted_at: stamp } }]
      : [],
  };
}

export const PINGEN_OPTIONS: Record<string, { code?: string; reason?: string }> = {
  webhook_undeliverable: { code: "returned_to_sender", reason: "Addressee unknown" },
  webhook_issues: { code: "file_not_a4_portrait", reason: "The uploaded file is not A4 portrait" },
};

export function peppolEvent(event: string, transmissionId: string, extra: Record<string, unknown> = {}, eventId: string = randomUUID()) {
  return { eventId, event, timestamp: new Date().toISOString(), transmissionId, ...extra };
}

export const PEPPOL_EXTRA: Record<string, Record<string, unknown>> = {
  "mls.RE": { mls: { responseCode: "RE", reasons: [{ code: "BV", description: "[BR-CO-15]-Invoice total amount with VAT is wrong" }] } },
  "transmission.failed": { error: { code: "receiver_not_registered", message: "Participant not found in the SMP" } },
};
