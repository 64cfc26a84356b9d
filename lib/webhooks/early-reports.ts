import type { Db } from "@/db/client";
import { listEarlyReports, type StoredReport, takeEarlyReports } from "@/db/queries/provider-events";
import type { Provider } from "@/lib/status";
import { type AppliedProviderEvents, applyProviderEvents } from "./apply-provider-events";
import type { ProviderEvent } from "./provider-event";
import { PARSERS } from "./receive";
import { WEBHOOK_PROVIDERS, type WebhookProvider } from "./verify";

// A provider may report on a message before Herald has recorded the hand-over that gave it
// its id: Twilio's first callback can beat the INSERT of the SID it answered with, and Twilio
// echoes no attempt id. Such a report is stored as unknown_message (store-then-apply never
// drops one). Once the hand-over records the id, its early reports are taken back and applied
// — in one transaction, through the same rules, each with the time it arrived — so the
// attempt does not wait an hour for reconciliation to ask the provider what it already said.

/** Applies the reports stored before `providerMessageId` was known; null when there were none. */
export async function applyEarlyReports(
  db: Db,
  params: { provider: Provider; providerMessageId: string },
): Promise<AppliedProviderEvents | null> {
  const provider = params.provider;
  if (!isWebhookProvider(provider)) return null;
  const stored = await listEarlyReports(db, params);
  if (stored.length === 0) return null;
  return db.transaction(async (tx) => {
    const taken = await takeEarlyReports(
      tx,
      stored.map((row) => row.id),
    );
    return applyProviderEvents(
      tx,
      taken.flatMap((row) => reportAgain(provider, row)),
    );
  });
}

/** The stored event as its parser reads it again: its payload is what the parser kept of the request. */
function reportAgain(provider: WebhookProvider, row: StoredReport): ProviderEvent[] {
  const text =
    provider === "twilio"
      ? new URLSearchParams(row.payload as Record<string, string>).toString()
      : JSON.stringify(provider === "sendgrid" ? [row.payload] : row.payload);
  const [event] = PARSERS[provider]({ text, headers: new Headers(), bodySha256: row.eventKey });
  // The key it was stored under (Resend's comes from a header the payload does not carry).
  return event ? [{ ...event, eventKey: row.eventKey, receivedAt: row.receivedAt }] : [];
}

function isWebhookProvider(provider: Provider): provider is WebhookProvider {
  return (WEBHOOK_PROVIDERS as readonly string[]).includes(provider);
}
