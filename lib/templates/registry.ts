import { EINVOICE_CATEGORIES } from "@/lib/routing/plan-channels";
import type { TemplateLocale } from "./locale";
import type { Category } from "@/lib/status";

// Every template Herald can render, with its version. An attempt records the key and version
// it was rendered from, so staff can tell which wording a customer received: bump a version
// whenever the wording or layout of that template changes.

export type TemplateChannel = "email" | "sms" | "post" | "einvoice";
export type TemplateKey = `${Category}.${TemplateChannel}.${TemplateLocale}`;

const TEMPLATE_VERSIONS: Partial<Record<TemplateKey, number>> = {
  "invoice.email.en": 1,
  "invoice.email.fr": 1,
  "invoice.email.nl": 1,
  "invoice.sms.en": 1,
  "invoice.sms.fr": 1,
  "invoice.sms.nl": 1,
  "invoice.post.en": 1,
  "invoice.post.fr": 1,
  "invoice.post.nl": 1,
  "invoice.einvoice.en": 1,
  "invoice.einvoice.fr": 1,
  "invoice.einvoice.nl": 1,
  "reminder.email.en": 1,
  "reminder.email.fr": 1,
  "reminder.email.nl": 1,
  "reminder.sms.en": 1,
  "reminder.sms.fr": 1,
  "reminder.sms.nl": 1,
  "reminder.post.en": 1,
  "reminder.post.fr": 1,
  "reminder.post.nl": 1,
  "payment_confirmation.email.en": 1,
  "payment_confirmation.email.fr": 1,
  "payment_confirmation.email.nl": 1,
  "payment_confirmation.sms.en": 1,
  "payment_confirmation.sms.fr": 1,
  "payment_confirmation.sms.nl": 1,
  "payment_confirmation.post.en": 1,
  "payment_confirmation.post.fr": 1,
  "payment_confirmation.post.nl": 1,
  "statement.email.en": 1,
  "statement.email.fr": 1,
  "statement.email.nl": 1,
  "statement.sms.en": 1,
  "statement.sms.fr": 1,
  "statement.sms.nl": 1,
  "statement.post.en": 1,
  "statement.post.fr": 1,
  "statement.post.nl": 1,
  "contract.email.en": 1,
  "contract.email.fr": 1,
  "contract.email.nl": 1,
  "contract.sms.en": 1,
  "contract.sms.fr": 1,
  "contract.sms.nl": 1,
  "contract.post.en": 1,
  "contract.post.fr": 1,
  "contract.post.nl": 1,
  "credit_note.email.en": 1,
  "credit_note.email.fr": 1,
  "credit_note.email.nl": 1,
  "credit_note.sms.en": 1,
  "credit_note.sms.fr": 1,
  "credit_note.sms.nl": 1,
  "credit_note.post.en": 1,
  "credit_note.post.fr": 1,
  "credit_note.post.nl": 1,
  "credit_note.einvoice.en": 1,
  "credit_note.einvoice.fr": 1,
  "credit_note.einvoice.nl": 1,
  "welcome.email.en": 1,
  "welcome.email.fr": 1,
  "welcome.email.nl": 1,
  "welcome.sms.en": 1,
  "welcome.sms.fr": 1,
  "welcome.sms.nl": 1,
  "welcome.post.en": 1,
  "welcome.post.fr": 1,
  "welcome.post.nl": 1,
};

export type TemplateEntry = { key: TemplateKey; category: Category; channel: TemplateChannel; locale: TemplateLocale; version: number };

export function templateKey(category: Category, channel: TemplateChannel, locale: TemplateLocale): TemplateKey {
  return `${category}.${channel}.${locale}`;
}

/**
 * Whether Herald has a template for this category on this channel. E-invoicing networks carry
 * invoices and credit notes only (the channel plan already leaves einvoice out for the rest).
 */
export function hasTemplate(category: Category, channel: TemplateChannel): boolean {
  return channel !== "einvoice" || EINVOICE_CATEGORIES.includes(category);
}

export function templateVersion(key: TemplateKey): number | undefined {
  return TEMPLATE_VERSIONS[key];
}

/** Every renderable template, for staff screens and the platform API's documentation. */
export function listTemplates(): TemplateEntry[] {
  return (Object.entries(TEMPLATE_VERSIONS) as [TemplateKey, number][]).map(([key, version]) => {
    const [category, channel, locale] = key.split(".") as [Category, TemplateChannel, TemplateLocale];
    return { key, category, channel, locale, version };
  });
}

export const TEMPLATE_CHANNELS: readonly TemplateChannel[] = ["email", "sms", "post", "einvoice"];
