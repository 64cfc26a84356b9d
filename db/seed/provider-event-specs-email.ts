import { type AttemptStatus, STATUS } from "@/db/schema/enums";
import { SENDER_COMPANY, SENDER_EMAIL } from "./content";
import { sendgridEventId, svixMessageId } from "./identifiers";
import { compact, type ProviderSpecs, type Spec } from "./provider-event-spec";
import { seededUuid, STREAM } from "./random";

// E-mail feedback as each provider posts it (shapes from tests/fixtures/providers and
// docs/providers.md): Resend (Svix-signed JSON event), SendGrid (one element of the batch
// array).

export const EMAIL_SPECS: ProviderSpecs = {
  resend: (seed, a) => {
    const event = (type: string, at: Date, mapped: AttemptStatus | null, extra: Record<string, unknown> = {}, n = 0): Spec => ({
      at,
      type,
      mapped,
      key: svixMessageId(seededUuid(seed, STREAM.providerEvent, a.index * 8 + n)),
      payload: () => ({
        type,
        created_at: at.toISOString(),
        data: {
          created_at: a.createdAt.toISOString(),
          email_id: a.providerMessageId,
          message_id: `<${a.providerMessageId.replaceAll("-", "")}@email.amazonses.com>`,
          from: `${SENDER_COMPANY} <${SENDER_EMAIL}>`,
          to: [a.recipient],
          subject: a.subject,
          ...extra,
          tags: { category: a.category, attempt_id: a.id },
        },
      }),
    });
    const t = a.times;
    const failure: Record<string, [string, Record<string, unknown>]> = {
      bounced: [
        "email.bounced",
        {
          bounce: {
            message: "The recipient's email provider rejected the message: 550 5.1.1 mailbox unavailable.",
            subType: "General",
            type: "Permanent",
          },
        },
      ],
      blocked: [
        "email.bounced",
        {
          bounce: {
            message: "421 4.7.0 Message blocked by the recipient's server; retries exhausted.",
            subType: "General",
            type: "Transient",
          },
        },
      ],
      suppressed: [
        "email.suppressed",
        {
          suppressed: {
            message:
              "Resend has suppressed sending to this address because it is on the account-level suppression list. This does not count toward your bounce rate metric",
            type: "OnAccountSuppressionList",
          },
        },
      ],
      quota: ["email.failed", { failed: { reason: "reached_daily_quota" } }],
    };
    return compact([
      t.accepted && event("email.sent", t.accepted, STATUS.accepted, {}, 0),
      t.delivered && event("email.delivered", t.delivered, STATUS.delivered, {}, 1),
      t.failed && failure[a.outcome.key] && event(failure[a.outcome.key]![0], t.failed, a.outcome.status, failure[a.outcome.key]![1], 2),
      t.opened && event("email.opened", t.opened, null, {}, 3),
      t.clicked &&
        event(
          "email.clicked",
          t.clicked,
          null,
          {
            click: {
              ipAddress: "192.0.2.44",
              link: a.link,
              timestamp: t.clicked.toISOString(),
              userAgent:
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            },
          },
          4,
        ),
    ]);
  },
  sendgrid: (seed, a) => {
    const event = (name: string, at: Date, mapped: AttemptStatus | null, extra: Record<string, unknown>, n: number): Spec => ({
      at,
      type: name,
      mapped,
      key: sendgridEventId(seededUuid(seed, STREAM.providerEvent, a.index * 8 + n)),
      payload: (key) => ({
        email: a.recipient,
        timestamp: Math.floor(at.getTime() / 1000),
        "smtp-id": `<${a.providerMessageId}@geopod-ismtpd-4>`,
        event: name,
        category: [a.category],
        sg_event_id: key,
        sg_message_id: `${a.providerMessageId}.filterdrecv-6c8b5d4f7-${a.index.toString(36)}-1-${a.createdAt.getTime().toString(16).toUpperCase()}-7.0`,
        attempt_id: a.id,
        ...extra,
      }),
    });
    const t = a.times;
    const failure: Record<string, [string, Record<string, unknown>]> = {
      bounced: [
        "bounce",
        {
          reason: "550 5.1.1 The email account that you tried to reach does not exist.",
          status: "5.1.1",
          type: "bounce",
          bounce_classification: "Invalid Address",
        },
      ],
      blocked: [
        "bounce",
        {
          reason: "421 4.7.0 Temporary System Problem. Try again later.",
          status: "4.7.0",
          type: "blocked",
          bounce_classification: "Reputation",
        },
      ],
      content_bounce: [
        "bounce",
        {
          reason: "552 5.3.4 Message size exceeds fixed maximum message size",
          status: "5.3.4",
          type: "bounce",
          bounce_classification: "Content",
        },
      ],
      dropped: ["dropped", { reason: "Bounced Address", status: "5.0.0" }],
      unsubscribed: ["dropped", { reason: "Unsubscribed Address", status: "5.0.0" }],
      spam_content: ["dropped", { reason: "Spam Content", status: "5.0.0" }],
    };
    return compact([
      t.accepted && event("processed", t.accepted, STATUS.accepted, {}, 0),
      t.accepted &&
        a.outcome.key === "blocked" &&
        event("deferred", new Date(t.accepted.getTime() + 3_600_000), null, { response: "421 4.7.0 Try again later", attempt: "1" }, 1),
      t.delivered && event("delivered", t.delivered, STATUS.delivered, { response: "250 2.0.0 OK" }, 2),
      t.failed && failure[a.outcome.key] && event(failure[a.outcome.key]![0], t.failed, a.outcome.status, failure[a.outcome.key]![1], 3),
      t.opened &&
        event("open", t.opened, null, { useragent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Outlook/16.0", ip: "198.51.100.23" }, 4),
      t.clicked &&
        event(
          "click",
          t.clicked,
          null,
          { useragent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Outlook/16.0", ip: "198.51.100.23", url: a.link },
          5,
        ),
    ]);
  },
};
