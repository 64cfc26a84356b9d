import type { Provider } from "@/lib/status";

// Providers that cannot be asked about one message, and why: tracking health says so
// whether or not reconciliation has run yet.

/**
 * SendGrid answers for one message only through its Email Activity Feed API, a paid add-on
 * (extra activity history) limited to 6 requests a minute: Herald relies on the Event
 * Webhook alone.
 */
export const SENDGRID_NO_STATUS_API =
  "SendGrid has no per-message status API without the paid Email Activity add-on (6 requests a minute); Herald relies on its Event Webhook";

export const WITHOUT_STATUS_API: Partial<Record<Provider, string>> = { sendgrid: SENDGRID_NO_STATUS_API };
