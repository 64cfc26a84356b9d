import type { ChannelLabel, FAILED_OVER_LABEL, PROVIDER_UNAVAILABLE_LABEL } from "@/lib/status";

// Attempts and communications store the channel's word for their status in English
// ("Bounced", lib/status.ts CHANNEL_LABELS), and stored data is never rewritten: the UI
// translates the word when it shows it. Every word the status model can store has a
// catalogue key here (the type fails to compile when one is missing); a word from older
// data that is not listed is shown as stored.

type StoredLabel = ChannelLabel | typeof PROVIDER_UNAVAILABLE_LABEL | typeof FAILED_OVER_LABEL;

const CHANNEL_LABEL_KEYS = {
  Delivered: "Delivered",
  Bounced: "Bounced",
  Blocked: "Blocked",
  Dropped: "Dropped",
  Failed: "Failed",
  Undelivered: "Undelivered",
  Sent: "Sent",
  Returned: "Returned",
  Rejected: "Rejected",
  "Not sent": "NotSent",
  Done: "Done",
  "Provider unavailable": "ProviderUnavailable",
  "Moved to another provider": "MovedToAnotherProvider",
} as const satisfies Record<StoredLabel, string>;

export type ChannelLabelKey = (typeof CHANNEL_LABEL_KEYS)[StoredLabel];

/** The catalogue key (`channelLabel.<key>`) of a stored channel label, or null for an unknown word. */
export function channelLabelKey(label: string): ChannelLabelKey | null {
  return Object.hasOwn(CHANNEL_LABEL_KEYS, label) ? CHANNEL_LABEL_KEYS[label as StoredLabel] : null;
}
