import type { providerEvents } from "@/db/schema";
import { type AttemptStatus, type Category, type Provider, STATUS } from "@/db/schema/enums";
import { SENDER_COMPANY, SENDER_EMAIL } from "./content";
import { sendgridEventId, svixMessageId, twilioSid } from "./identifiers";
import type { Outcome } from "./outcomes";
import { seededUuid, STREAM } from "./random";

// Raw provider feedback as each provider posts it (shapes from tests/fixtures/providers and
// docs/providers.md): Resend (Svix-signed JSON event), SendGrid (one element of the batch
// array), Twilio (form parameters of a status callback), Pingen (JSON:API webhook),
// a Peppol access point (transmission + MLS; no published format, kept generic) and
// Chorus Pro (polled invoice status; no published example, field names from the API).

export type ProviderEventRow = Omit<typeof providerEvents.$inferInsert, "id">;

export type EventTimes = Partial<Record<"accepted" | "sent" | "delivered" | "failed" | "opened" | "clicked", Date>>;

export type EventAttempt = {
  id: string;
  index: number;
  communicationId: string;
  provider: Provider;
  providerMessageId: string;
  recipient: string;
  subject: string | null;
  subjectRef: string;
  category: Category;
  createdAt: Date;
  outcome: Outcome;
  times: EventTimes;
  link: string;
};

// Account-level ids (Twilio account, messaging service, Pingen organisation) use indexes
// no attempt reaches.
const RESERVED_INDEX = 2 ** 35;

type Spec = { at: Date; type: string; mapped: AttemptStatus | null; key?: string; payload: (key: string) => unknown };

/** The events one attempt produced, minus those older than the 62-day retention. */
export function providerEventRows(seed: number, attempt: EventAttempt, since: Date): ProviderEventRow[] {
  const specs = SPECS[attempt.provider]?.(seed, attempt) ?? [];
  const rows: ProviderEventRow[] = [];
  specs.forEach((spec, n) => {
    const receivedAt = new Date(spec.at.getTime() + 300 + ((attempt.index * 7 + n * 131) % 2700));
    if (receivedAt < since) return;
    const key = spec.key ?? seededUuid(seed, STREAM.providerEvent, attempt.index * 8 + n);
    rows.push({
      provider: attempt.provider,
      eventKey: key,
      eventType: spec.type,
      providerMessageId: attempt.providerMessageId,
      attemptId: attempt.id,
      mappedStatus: spec.mapped,
      outcome: "applied",
      occurredAt: spec.at,
      receivedAt,
      payload: spec.payload(key),
      detail: null,
    });
  });
  return rows;
}

const SPECS: Partial<Record<Provider, (seed: number, a: EventAttempt) => Spec[]>> = {
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
  twilio: (seed, a) => {
    const account = twilioSid("AC", seededUuid(seed, STREAM.providerId, RESERVED_INDEX + 1));
    const service = twilioSid("MG", seededUuid(seed, STREAM.providerId, RESERVED_INDEX + 2));
    const callback = (status: string, at: Date, mapped: AttemptStatus, extra: Record<string, string> = {}): Spec => ({
      at,
      type: status,
      mapped,
      key: `${a.providerMessageId}:${status}`,
      payload: () => ({
        ApiVersion: "2010-04-01",
        AccountSid: account,
        MessagingServiceSid: service,
        MessageSid: a.providerMessageId,
        SmsSid: a.providerMessageId,
        MessageStatus: status,
        SmsStatus: status,
        To: a.recipient,
        From: "HELIOS",
        ...extra,
      }),
    });
    const t = a.times;
    const failedStatus = a.outcome.label === "Undelivered" ? "undelivered" : "failed";
    return compact([
      t.sent && callback("sent", t.sent, STATUS.sent),
      t.delivered && callback("delivered", t.delivered, STATUS.delivered, { RawDlrDoneDate: dlrDate(t.delivered) }),
      t.failed &&
        callback(failedStatus, t.failed, STATUS.failed, {
          ErrorCode: a.outcome.errorCode ?? "30008",
          ...(failedStatus === "undelivered" ? { RawDlrDoneDate: dlrDate(t.failed) } : {}),
        }),
    ]);
  },
  pingen: (seed, a) => {
    const organisation = seededUuid(seed, STREAM.providerId, RESERVED_INDEX + 3);
    const webhook = (type: string, code: string, at: Date, mapped: AttemptStatus, reason: string | null, n: number): Spec => ({
      at,
      type,
      mapped,
      payload: (eventId) => {
        const stamp = pingenTime(at);
        return {
          data: {
            id: seededUuid(seed, STREAM.providerEvent, a.index * 8 + n + 4),
            type,
            attributes: { ...(reason ? { reason } : {}), url: "https://herald.example/api/webhooks/pingen", created_at: stamp },
            relationships: {
              organisation: {
                links: { related: `https://api.pingen.com/organisations/${organisation}` },
                data: { id: organisation, type: "organisations" },
              },
              letter: {
                links: { related: `https://api.pingen.com/organisations/${organisation}/letters/${a.providerMessageId}` },
                data: { id: a.providerMessageId, type: "letters" },
              },
              event: {
                links: { related: `https://api.pingen.com/organisations/${organisation}/letters/${a.providerMessageId}/events/${eventId}` },
                data: { id: eventId, type: "letters_events" },
              },
            },
            links: { self: `https://api.pingen.com/webhooks/${type}` },
          },
          included: [
            {
              id: eventId,
              type: "letters_events",
              attributes: {
                code,
                name: code.replaceAll("_", " "),
                producer: "Pingen",
                location: "",
                has_image: false,
                data: [],
                emitted_at: stamp,
                created_at: stamp,
                updated_at: stamp,
              },
            },
          ],
        };
      },
    });
    const t = a.times;
    const failure: Record<string, [string, string, string]> = {
      returned: ["webhook_undeliverable", "returned_to_sender", "Returned to sender: addressee unknown at this address."],
      undeliverable: ["webhook_undeliverable", "undeliverable", "Recipient could not be determined at the specified address."],
      file_not_a4_portrait: ["webhook_issues", "file_not_a4_portrait", "The uploaded file is not in A4 portrait format."],
    };
    const f = failure[a.outcome.key];
    return compact([
      t.sent && webhook("webhook_sent", "transferred_to_distributor", t.sent, STATUS.sent, null, 0),
      t.delivered && webhook("webhook_delivered", "delivered", t.delivered, STATUS.delivered, null, 1),
      t.failed && f && webhook(f[0], f[1], t.failed, a.outcome.status, f[2], 2),
    ]);
  },
  peppol: (seed, a) => {
    const event = (type: string, at: Date, mapped: AttemptStatus, extra: Record<string, unknown>): Spec => ({
      at,
      type,
      mapped,
      payload: (eventId) => ({
        eventId,
        event: type,
        timestamp: at.toISOString(),
        transmissionId: a.providerMessageId,
        instanceIdentifier: seededUuid(seed, STREAM.providerEvent, a.index * 8 + 7),
        documentType:
          "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1",
        receiver: a.recipient,
        documentId: a.subjectRef,
        ...extra,
      }),
    });
    const t = a.times;
    return compact([
      t.sent && event("transmission.sent", t.sent, STATUS.sent, {}),
      t.delivered && event("mls.AP", t.delivered, STATUS.delivered, { mls: { responseCode: "AP" } }),
      t.failed &&
        a.outcome.key === "business_rule" &&
        event("mls.RE", t.failed, STATUS.rejected, {
          mls: {
            responseCode: "RE",
            reasons: [
              {
                code: "BV",
                description: "[BR-CO-15]-Invoice total amount with VAT = Invoice total amount without VAT + Invoice total VAT amount.",
              },
            ],
          },
        }),
      t.failed &&
        a.outcome.key === "not_registered" &&
        event("transmission.failed", t.failed, STATUS.rejected, {
          error: { code: "receiver_not_registered", message: `Participant ${a.recipient} not found in the SML/SMP` },
        }),
    ]);
  },
  chorus_pro: (_seed, a) => {
    const poll = (statut: string, at: Date, mapped: AttemptStatus): Spec => ({
      at,
      type: statut,
      mapped,
      key: `${a.providerMessageId}:${statut}`,
      payload: () => ({
        codeRetour: 0,
        libelle: "TRA_MSG_00.000",
        identifiantFactureCPP: Number(a.providerMessageId),
        numeroFacture: a.subjectRef,
        statutFacture: statut,
        dateHeureEtatCourant: at.toISOString(),
      }),
    });
    const t = a.times;
    return compact([
      t.accepted && poll("DEPOSEE", t.accepted, STATUS.accepted),
      t.sent && poll("EN_COURS_ACHEMINEMENT", t.sent, STATUS.sent),
      t.delivered && poll("MISE_A_DISPOSITION", t.delivered, STATUS.delivered),
      t.failed && poll(a.outcome.key === "in_rejete" ? "IN_REJETE" : "REJETEE", t.failed, STATUS.rejected),
    ]);
  },
};

function compact(specs: (Spec | false | undefined | null)[]): Spec[] {
  return specs.filter((s): s is Spec => Boolean(s));
}

/** Twilio's RawDlrDoneDate: YYMMDDhhmm. */
function dlrDate(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, "").slice(2, 12);
}

/** Pingen writes offsets without a colon: 2020-11-19T09:42:48+0100. */
function pingenTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}+0000`;
}
