import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { providerEvents } from "@/db/schema";
import { type AttemptStatus, canTransition, defaultChannelLabel } from "@/lib/status";
import type { ProviderEvent } from "@/lib/webhooks/provider-event";
import { PARSERS } from "@/lib/webhooks/receive";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import type { WebhookProvider } from "@/lib/webhooks/verify";
import { CHANNEL_OF, createAttempt, readAttempt, readCommunication } from "../support/attempt-factory";
import {
  PEPPOL_EXTRA,
  peppolEvent,
  PINGEN_OPTIONS,
  pingenWebhook,
  RESEND_DATA,
  resendEvent,
  SENDGRID_EXTRA,
  sendgridEvent,
  twilioCallback,
  twilioSid,
} from "@/lib/providers/sandbox/webhook-payloads";
import { encodeBody, type WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import { WEBHOOK_ROUTES } from "../support/webhook-routes";

// Property: whatever order providers deliver events in — shuffled, repeated, batched —
// each attempt ends in the status and label of the fold of its distinct events under
// lib/status.ts, and every raw event is stored exactly once. The events go through the
// real route handlers (signature, parsing, store-then-apply) on the real database.

let database: TestDatabase;
let secrets: SandboxSecrets;
beforeAll(async () => {
  database = await openTestDatabase();
  provideDatabase(database);
  secrets = await testSecrets();
});
beforeEach(() => stubEmbeddedEnv());
afterAll(() => database.close());

const KINDS: Record<WebhookProvider, string[]> = {
  resend: [
    "email.sent",
    "email.delivered",
    "email.bounced",
    "email.failed",
    "email.suppressed",
    "email.opened",
    "email.clicked",
    "email.complained",
    "email.delivery_delayed",
  ],
  sendgrid: ["processed", "delivered", "bounce", "blocked", "dropped", "deferred", "open", "click", "spamreport"],
  twilio: ["queued", "sent", "delivered", "read", "undelivered", "failed"],
  pingen: ["webhook_sent", "webhook_delivered", "webhook_undeliverable", "webhook_issues"],
  peppol: ["transmission.accepted", "transmission.sent", "mls.AP", "mls.RE", "transmission.failed", "invoice_response.PD"],
};

const messageIdFor: Record<WebhookProvider, () => string> = {
  resend: randomUUID,
  sendgrid: () => randomUUID().replaceAll("-", "").slice(0, 22),
  twilio: twilioSid,
  pingen: randomUUID,
  peppol: randomUUID,
};

/** One provider event as the provider would post it (SendGrid: one batch element). */
function payload(provider: WebhookProvider, kind: string, messageId: string, eventId: string): unknown {
  switch (provider) {
    case "resend":
      return resendEvent(kind, messageId, RESEND_DATA[kind]);
    case "sendgrid":
      return sendgridEvent(kind === "blocked" ? "bounce" : kind, messageId, SENDGRID_EXTRA[kind], eventId);
    case "twilio":
      return twilioCallback(messageId, kind, { undelivered: "30003", failed: "30005" }[kind]);
    case "pingen":
      return pingenWebhook(kind, messageId, { eventId, ...PINGEN_OPTIONS[kind] });
    case "peppol":
      return peppolEvent(kind, messageId, PEPPOL_EXTRA[kind], eventId);
  }
}

const scenario = fc.constantFrom(...(Object.keys(KINDS) as WebhookProvider[])).chain((provider) =>
  fc.record({
    provider: fc.constant(provider),
    initial: fc.array(fc.constantFrom<AttemptStatus>("queued", "accepted", "sent"), { minLength: 1, maxLength: 3 }),
    // target: an attempt index; one past the last is a message Herald never sent.
    events: fc.array(fc.record({ target: fc.nat({ max: 3 }), kind: fc.constantFrom(...KINDS[provider]) }), { minLength: 1, maxLength: 6 }),
    repeats: fc.array(fc.nat(), { maxLength: 3 }),
    priorities: fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
    batchSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 9, maxLength: 9 }),
  }),
);

describe("event streams, shuffled, duplicated and batched", () => {
  it("end in the fold of the distinct events, each stored once", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ provider, initial, events, repeats, priorities, batchSizes }) => {
        const attempts = await Promise.all(
          initial.map(async (status) => {
            const messageId = messageIdFor[provider]();
            return { messageId, status, ...(await createAttempt(database.db, { provider, providerMessageId: messageId, status })) };
          }),
        );
        const unknownMessage = messageIdFor[provider]();
        // Fresh ids on every run (shrinking replays runs against the same database); a
        // repeat reuses its logical event, ids included.
        const logical = events.map((event) => {
          const messageId = attempts[event.target]?.messageId ?? unknownMessage;
          const eventId = randomUUID();
          return { svixId: `msg_${eventId}`, element: payload(provider, event.kind, messageId, eventId) };
        });
        const stream = [...logical, ...repeats.map((index) => logical[index % logical.length]!)]
          .map((item, index) => ({ item, priority: priorities[index % priorities.length]! }))
          .sort((a, b) => a.priority - b.priority)
          .map(({ item }) => item);
        const requests = provider === "sendgrid" ? batch(stream, batchSizes) : stream.map((item) => [item]);

        const model = new Map(attempts.map((a) => [a.messageId, { status: a.status, label: null as string | null }]));
        const seen = new Set<string>();
        for (const items of requests) {
          const body: WebhookBody =
            provider === "sendgrid"
              ? { json: items.map((i) => i.element) }
              : provider === "twilio"
                ? { form: items[0]!.element as Record<string, string> }
                : { json: items[0]!.element };
          const response = await WEBHOOK_ROUTES[provider](
            await signedWebhookRequest(provider, body, { secrets, svixId: items[0]!.svixId }),
          );
          expect(response.status).toBe(200);
          const raw = { text: encodeBody(provider, body).text, headers: new Headers({ "svix-id": items[0]!.svixId }), bodySha256: "" };
          for (const event of PARSERS[provider](raw)) {
            if (seen.has(event.eventKey)) continue;
            seen.add(event.eventKey);
            fold(model, provider, event);
          }
        }

        for (const attempt of attempts) {
          const row = await readAttempt(database.db, attempt.attemptId);
          expect({ status: row.status, label: row.statusLabel }).toEqual(model.get(attempt.messageId));
          expect((await readCommunication(database.db, attempt.communicationId)).status).toBe(row.status);
        }
        const stored = await database.db
          .select({ eventKey: providerEvents.eventKey })
          .from(providerEvents)
          .where(and(eq(providerEvents.provider, provider), inArray(providerEvents.eventKey, [...seen])));
        expect(stored.map((row) => row.eventKey).sort()).toEqual([...seen].sort());
      }),
      { numRuns: 60 },
    );
  });
});

function fold(model: Map<string, { status: AttemptStatus; label: string | null }>, provider: WebhookProvider, event: ProviderEvent) {
  const current = event.providerMessageId ? model.get(event.providerMessageId) : undefined;
  if (!current) return;
  const { effect } = event;
  if (effect.kind === "status" && canTransition(current.status, effect.status)) {
    model.set(event.providerMessageId!, { status: effect.status, label: effect.label });
  }
  if (effect.kind === "engagement" && canTransition(current.status, "delivered")) {
    model.set(event.providerMessageId!, { status: "delivered", label: defaultChannelLabel(CHANNEL_OF[provider], "delivered") });
  }
}

function batch<T>(items: T[], sizes: number[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0, i = 0; start < items.length; i++) {
    const size = sizes[i % sizes.length]!;
    batches.push(items.slice(start, start + size));
    start += size;
  }
  return batches;
}
