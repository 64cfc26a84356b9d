import { type AttemptStatus, STATUS } from "@/db/schema/enums";
import { twilioSid } from "./identifiers";
import { compact, type ProviderSpecs, type Spec } from "./provider-event-spec";
import { seededUuid, STREAM } from "./random";

// SMS, post and e-invoice feedback as each provider posts it (shapes from
// tests/fixtures/providers and docs/providers.md): Twilio (form parameters of a status
// callback), Pingen (JSON:API webhook), a Peppol access point (transmission + MLS; no
// published format, kept generic) and Chorus Pro (polled invoice status; no published
// example, field names from the API).

// Account-level ids (Twilio account, messaging service, Pingen organisation) use indexes
// no attempt reaches.
const RESERVED_INDEX = 2 ** 35;

export const SMS_POST_EINVOICE_SPECS: ProviderSpecs = {
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

/** Twilio's RawDlrDoneDate: YYMMDDhhmm. */
function dlrDate(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, "").slice(2, 12);
}

/** Pingen writes offsets without a colon: 2020-11-19T09:42:48+0100. */
function pingenTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}+0000`;
}
