import type { Category, Channel } from "@/db/schema/enums";
import { formatAmount, formatDate, formatPeriod, SENDER_COMPANY, templateLocaleFor } from "./content";
import type { DocumentFacts } from "./documents";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./outcomes";
import { type ScriptStep, SHOWCASES } from "./personas";
import type { Rng } from "./random";
import { REMINDER_LEVELS } from "./template-texts";
import type { CustomerProfile } from "./types";

// A story is what the billing platform does about one subject: an invoice (sent, maybe
// reminded, paid, credited), a monthly statement, a contract (with a welcome for new
// customers). Related communications share the subject reference, as in real life.

export type CommunicationDraft = {
  customer: CustomerProfile;
  category: Category;
  subjectType: "invoice" | "customer" | "contract";
  subjectRef: string;
  createdAt: Date;
  templateData: Record<string, unknown>;
  vars: Record<string, string>;
  document?: DocumentFacts & { currency: string; amountValue: string; creditNote: boolean };
  channelOverride?: Channel;
  collectingData?: boolean;
  script?: ScriptStep[];
  ignore?: boolean;
};

export type StoryContext = { now: Date; customers: CustomerProfile[]; windowDays: number };

export function storyDrafts(ctx: StoryContext, storyIndex: number, rng: Rng): CommunicationDraft[] {
  const showcase = SHOWCASES[storyIndex];
  if (showcase && showcase.persona < ctx.customers.length) {
    const customer = ctx.customers[showcase.persona]!;
    const createdAt = new Date(ctx.now.getTime() - showcase.ago);
    const [draft] = subjectDrafts(rng, ctx, customer, showcase.category, storyIndex, createdAt);
    return [{ ...draft!, script: showcase.steps, collectingData: showcase.collectingData, ignore: showcase.ignore ?? false }];
  }
  const customer = pickCustomer(rng, ctx.customers);
  const kind = rng.weighted([
    ["invoice", 70],
    ["statement", 14],
    ["contract", 9],
    ["welcome", 7],
  ] as const);
  const anchor = anchorTime(rng, ctx);
  const drafts =
    kind === "invoice"
      ? invoiceStory(rng, ctx, customer, storyIndex, anchor)
      : kind === "contract" && rng.chance(0.35)
        ? [
            ...subjectDrafts(rng, ctx, customer, "welcome", storyIndex, new Date(anchor.getTime() - DAY_MS)),
            ...subjectDrafts(rng, ctx, customer, "contract", storyIndex, anchor),
          ]
        : subjectDrafts(rng, ctx, customer, kind, storyIndex, anchor);
  const visible = drafts.filter((d) => d.createdAt.getTime() <= ctx.now.getTime());
  for (const draft of visible) {
    const recent = ctx.now.getTime() - draft.createdAt.getTime() < 10 * DAY_MS;
    if (recent && (draft.category === "invoice" || draft.category === "statement") && rng.chance(0.12)) draft.collectingData = true;
    if (rng.chance(0.02)) draft.channelOverride = pickOverride(rng, draft.customer);
  }
  return visible;
}

function invoiceStory(rng: Rng, ctx: StoryContext, customer: CustomerProfile, storyIndex: number, issue: Date): CommunicationDraft[] {
  const [invoice] = subjectDrafts(rng, ctx, customer, "invoice", storyIndex, issue);
  const drafts = [invoice!];
  const due = issue.getTime() + 30 * DAY_MS;
  const roll = rng.next();
  const paidAt =
    roll < 0.55
      ? issue.getTime() + rng.int(5, 29) * DAY_MS
      : roll < 0.8
        ? due + rng.int(8, 20) * DAY_MS
        : roll < 0.9
          ? due + rng.int(22, 34) * DAY_MS
          : Number.POSITIVE_INFINITY;
  [7, 21, 35].forEach((days, level) => {
    const at = due + days * DAY_MS + rng.int(6 * 60, 8 * 60) * MINUTE_MS - (due % DAY_MS);
    if (at < paidAt) drafts.push(followUp(rng, invoice!, "reminder", new Date(at), { reminderLevel: level + 1 }));
  });
  if (Number.isFinite(paidAt) && rng.chance(0.85)) {
    drafts.push(followUp(rng, invoice!, "payment_confirmation", new Date(paidAt + rng.int(1, 20) * HOUR_MS), {}));
  }
  if (rng.chance(0.04)) {
    const [credit] = subjectDrafts(rng, ctx, customer, "credit_note", storyIndex, new Date(issue.getTime() + rng.int(3, 20) * DAY_MS));
    credit!.vars.invoiceRef = invoice!.subjectRef;
    credit!.templateData.invoiceNumber = invoice!.subjectRef;
    drafts.push(credit!);
  }
  return drafts;
}

/** A new communication about the invoice a story started with. */
function followUp(
  rng: Rng,
  invoice: CommunicationDraft,
  category: Category,
  createdAt: Date,
  extra: { reminderLevel?: number },
): CommunicationDraft {
  const locale = templateLocaleFor(invoice.customer.locale);
  const level = extra.reminderLevel ? REMINDER_LEVELS[locale][extra.reminderLevel - 1]! : "";
  return {
    ...invoice,
    category,
    createdAt,
    templateData: followUpData(invoice.templateData, category, createdAt, extra.reminderLevel),
    vars: { ...invoice.vars, level, link: `${invoice.vars.link}?r=${rng.alnum(4)}` },
    document: category === "reminder" ? invoice.document : undefined,
  };
}

/** A follow-up's template data, from the invoice's: a reminder adds its level, a payment confirmation its date. */
function followUpData(
  invoiceData: Record<string, unknown>,
  category: Category,
  createdAt: Date,
  level: number | undefined,
): Record<string, unknown> {
  if (category === "payment_confirmation") {
    return { amountCents: invoiceData.amountCents, currency: invoiceData.currency, paidAt: isoDate(createdAt) };
  }
  return { ...invoiceData, ...(level ? { level } : {}) };
}

function subjectDrafts(
  rng: Rng,
  ctx: StoryContext,
  customer: CustomerProfile,
  category: Category,
  storyIndex: number,
  createdAt: Date,
): CommunicationDraft[] {
  const locale = templateLocaleFor(customer.locale);
  const currency = customer.country === "CH" ? "CHF" : customer.country === "GB" ? "GBP" : "EUR";
  const cents = Math.round(10 ** (1.3 + rng.next() * 3)) * 100 + rng.int(0, 99);
  const year = createdAt.getUTCFullYear();
  const number = String(storyIndex + 1).padStart(6, "0");
  const ref =
    category === "credit_note"
      ? `CN-${year}-${number}`
      : category === "contract"
        ? `C-${String(storyIndex + 1).padStart(4, "0")}`
        : category === "statement" || category === "welcome"
          ? customer.externalRef
          : `INV-${year}-${number}`;
  const subjectType = category === "contract" ? "contract" : category === "statement" || category === "welcome" ? "customer" : "invoice";
  const dueDate = new Date(createdAt.getTime() + 30 * DAY_MS);
  const period = formatPeriod(new Date(createdAt.getTime() - 5 * DAY_MS), locale);
  const amount = formatAmount(category === "credit_note" ? -cents : cents, currency, locale);
  const vars: Record<string, string> = {
    company: SENDER_COMPANY,
    customerName: customer.name,
    ref,
    amount,
    dueDate: formatDate(dueDate, locale),
    period,
    level: category === "reminder" ? REMINDER_LEVELS[locale][0]! : "",
    invoiceRef: `INV-${year}-${number}`,
    link: `https://pay.helios-energie.example/${subjectType === "customer" ? "a" : "i"}/${rng.alnum(10)}`,
  };
  // The shape lib/templates/data.ts validates for each category (the platform API's too).
  const templateData: Record<string, unknown> =
    category === "statement"
      ? { period: isoDate(createdAt).slice(0, 7), balanceCents: cents, currency }
      : category === "contract"
        ? { action: "renewal", startDate: isoDate(createdAt) }
        : category === "welcome"
          ? {}
          : category === "credit_note"
            ? { amountCents: cents, currency, issueDate: isoDate(createdAt), invoiceNumber: vars.invoiceRef }
            : category === "payment_confirmation"
              ? { amountCents: cents, currency, paidAt: isoDate(createdAt) }
              : {
                  amountCents: cents,
                  currency,
                  issueDate: isoDate(createdAt),
                  dueDate: isoDate(dueDate),
                  ...(category === "reminder" ? { level: 1 } : {}),
                };
  const hasDocument = category !== "welcome" && category !== "payment_confirmation";
  const title =
    { invoice: "Invoice", credit_note: "Credit note", statement: "Statement", contract: "Contract" }[category as string] ?? "Document";
  const docRef = category === "statement" ? `${ref}-${isoDate(createdAt).slice(0, 7)}` : ref;
  return [
    {
      customer,
      category,
      subjectType,
      subjectRef: ref,
      createdAt,
      templateData,
      vars,
      document: hasDocument
        ? {
            title,
            ref: docRef,
            customerName: customer.name,
            issueDate: isoDate(createdAt),
            dueDate: subjectType === "invoice" ? isoDate(dueDate) : undefined,
            amount,
            currency,
            amountValue: (cents / 100).toFixed(2),
            creditNote: category === "credit_note",
          }
        : undefined,
    },
  ];
}

// Heavier customers send more: a skewed pick, spread over the list by a coprime stride
// so the hand-written personas at the start are not the busiest.
function pickCustomer(rng: Rng, customers: CustomerProfile[]): CustomerProfile {
  const n = customers.length;
  const skewed = Math.floor(n * rng.next() ** 1.8);
  const stride = gcd(7919, n) === 1 ? 7919 : 1;
  return customers[(skewed * stride + 17) % n]!;
}

/** Recent days are busier (growth); sends happen on working days, in office hours. */
function anchorTime(rng: Rng, ctx: StoryContext): Date {
  const daysAgo = ctx.windowDays * rng.next() ** 1.25;
  const day = new Date(ctx.now.getTime() - daysAgo * DAY_MS);
  const weekday = day.getUTCDay();
  let dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  if ((weekday === 0 || weekday === 6) && rng.chance(0.8)) dayStart -= (weekday === 0 ? 2 : 1) * DAY_MS;
  let at = dayStart + rng.int(6 * 60, 18 * 60) * MINUTE_MS + rng.int(0, 59_999);
  while (at > ctx.now.getTime()) at -= DAY_MS;
  return new Date(at);
}

function pickOverride(rng: Rng, customer: CustomerProfile): Channel | undefined {
  const usable = Object.entries(customer.contacts)
    .filter(([, contact]) => contact.usable)
    .map(([channel]) => channel as Channel);
  return usable.length > 0 ? rng.pick(usable) : undefined;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
