// Raw provider events are kept 62 days (docs/architecture.md §2): long enough to explain any status
// staff still ask about, short enough that payloads with personal data do not pile up.
// Attempts and communications are the permanent log and are never purged.

export const PROVIDER_EVENT_RETENTION_DAYS = 62;

const DAY_MS = 24 * 60 * 60 * 1000;

export function providerEventRetentionCutoff(now: Date): Date {
  return new Date(now.getTime() - PROVIDER_EVENT_RETENTION_DAYS * DAY_MS);
}
