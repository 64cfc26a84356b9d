import type { AttemptStatus, Category, Provider } from "@/db/schema/enums";
import type { Outcome } from "./outcomes";

// What a per-provider spec file (provider-event-specs-email.ts,
// provider-event-specs-sms-post-einvoice.ts) turns an attempt into, and what
// provider-events.ts turns back into provider_events rows.

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

/** One raw event: when, its provider-side type, the status it maps to, and its payload. */
export type Spec = { at: Date; type: string; mapped: AttemptStatus | null; key?: string; payload: (key: string) => unknown };

export type ProviderSpecs = Partial<Record<Provider, (seed: number, a: EventAttempt) => Spec[]>>;

export function compact(specs: (Spec | false | undefined | null)[]): Spec[] {
  return specs.filter((s): s is Spec => Boolean(s));
}
