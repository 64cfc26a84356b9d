import type { TemplateData } from "../data";
import type { TemplateLocale } from "../locale";
import type { Category } from "@/lib/status";

// A category's wording, written once per locale as structured blocks. Every channel lays the
// same blocks out its own way (e-mail HTML, letter PDF, plain text), so a wording change is
// one edit and the channels cannot drift apart.

export type Fact = { label: string; value: string };

export type Composition = {
  subject: string;
  /** One sentence: the e-mail preheader and the e-invoice summary. */
  summary: string;
  greeting: string;
  paragraphs: string[];
  /** Key figures shown as a label/value table. */
  facts: Fact[];
  action: { label: string; url: string } | null;
  /** The SMS text: short, GSM-7 where the language allows (no â/ê/ô/ç when avoidable). */
  sms: string;
};

export type ComposeContext = {
  locale: TemplateLocale;
  customerName: string;
  /** The communication's subject reference (invoice, contract or customer number). */
  reference: string;
  customerReference: string | null;
  issuedAt: Date;
  money: (minor: number, currency: string) => string;
  date: (value: string | Date) => string;
};

export type Composer<C extends Category> = Record<TemplateLocale, (data: TemplateData[C], ctx: ComposeContext) => Composition>;
