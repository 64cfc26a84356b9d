import type { z } from "zod";
import type { RenderedContent } from "@/db/content-hash";
import type { PostalAddress } from "@/db/schema/customers";
import { HeraldError } from "@/lib/errors";
import { composeMessage } from "./compose";
import type { ComposeContext } from "./copy/types";
import { type TemplateData, templateDataSchema } from "./data";
import type { RenderedDocument } from "./documents";
import { renderEinvoice, type EinvoiceDocument } from "./einvoice/render-einvoice";
import { renderEmail } from "./email/render-email";
import { formatDate, formatMoney, resolveTemplateLocale, type TemplateLocale } from "./locale";
import { renderPost } from "./post";
import { hasTemplate, TEMPLATE_CHANNELS, type TemplateChannel, templateKey, templateVersion } from "./registry";
import { SENDER } from "./sender";
import { countSmsSegments, type SmsEncoding, toSmsText } from "./sms";
import type { Category } from "@/lib/status";

// The one entry point of the sending engine into templates: validated data in, the exact
// content and documents to snapshot on the attempt out. Rendering is deterministic — the
// same input gives byte-identical output — so a hash proves what was sent.

export type { TemplateChannel } from "./registry";
export type { RenderedDocument } from "./documents";
export { templateDataSchema } from "./data";

export type RenderInput = {
  category: Category;
  channel: TemplateChannel;
  /** The customer's language; anything but French or Dutch renders in English. */
  locale: string;
  subject: { type: "invoice" | "customer" | "contract"; reference: string };
  customer: {
    name: string;
    reference?: string | null;
    postalAddress?: PostalAddress | null;
    einvoiceId?: { scheme: string; value: string } | null;
    /** ISO 3166 alpha-2 (customers.country): the buyer's country on an e-invoice without a postal address. */
    country?: string | null;
  };
  /** Validated here with templateDataSchema(category). */
  data: unknown;
  /** The send date printed in the content (letter date, days overdue). */
  issuedAt: Date;
};

export type RenderedMessage = RenderedContent & {
  /** The language the message was written in (recorded on the attempt and in the proof pack). */
  locale: TemplateLocale;
  documents: RenderedDocument[];
  templateKey: string;
  templateVersion: number;
  /** SMS only: what the text costs (segments) and the encoding that decided it. */
  sms?: { segments: number; encoding: SmsEncoding };
};

export async function renderMessage(input: RenderInput): Promise<RenderedMessage> {
  const { category, channel } = input;
  if (!TEMPLATE_CHANNELS.includes(channel)) {
    throw new HeraldError(
      422,
      "template_not_found",
      `There is no template for the ${channel} channel: ${channel} communications are recorded by staff, not rendered`,
    );
  }
  if (!hasTemplate(category, channel)) {
    throw new HeraldError(
      422,
      "template_not_found",
      `There is no ${channel} template for ${category}: e-invoicing networks carry invoices and credit notes only — send it by e-mail, SMS or post`,
    );
  }
  const locale = resolveTemplateLocale(input.locale);
  const key = templateKey(category, channel, locale);
  const version = templateVersion(key)!;
  const data = parseTemplateData(category, input.data);
  const composition = composeMessage(category, data, composeContext(input, locale));
  const signOff = SIGN_OFF[locale];
  const template = { templateKey: key, templateVersion: version, locale };

  switch (channel) {
    case "email":
      return { ...(await renderEmail(composition, locale, signOff)), documents: [], ...template };
    case "sms": {
      const bodyText = toSmsText(composition.sms);
      return { subject: null, bodyText, bodyHtml: null, documents: [], ...template, sms: countSmsSegments(bodyText) };
    }
    case "post":
      return { ...(await renderPost(input, composition, locale, signOff)), ...template };
    case "einvoice":
      // hasTemplate() above admits e-invoices for invoices and credit notes only.
      return { ...(await renderEinvoice(input, { category, data } as EinvoiceDocument, composition, locale)), ...template };
  }
}

/** Parses template data, or throws a HeraldError naming every bad field ("data.dueDate: …"). */
export function parseTemplateData<C extends Category>(category: C, data: unknown): TemplateData[C] {
  const schema: z.ZodType = templateDataSchema(category);
  // A missing field reads "is required", not zod's "expected string, received undefined".
  const result = schema.safeParse(data, { error: (issue) => (issue.input === undefined ? "is required" : undefined) });
  // The schema of category C parses to TemplateData[C]; TypeScript cannot follow the lookup.
  if (result.success) return result.data as TemplateData[C];
  const problems = result.error.issues.map((issue) => `${["data", ...issue.path].join(".")}: ${issue.message}`);
  throw new HeraldError(422, "invalid_template_data", `The ${category} template data is invalid — ${problems.join("; ")}`);
}

function composeContext(input: RenderInput, locale: TemplateLocale): ComposeContext {
  return {
    locale,
    customerName: input.customer.name,
    reference: input.subject.reference,
    customerReference: input.customer.reference ?? null,
    issuedAt: input.issuedAt,
    money: (minor, currency) => formatMoney(minor, currency, locale),
    date: (value) => formatDate(value, locale),
  };
}

const SIGN_OFF: Record<TemplateLocale, string[]> = {
  en: ["Kind regards,", `${SENDER.name} — ${SENDER.department.en}`],
  fr: ["Cordialement,", `${SENDER.name} — ${SENDER.department.fr}`],
  nl: ["Met vriendelijke groeten,", `${SENDER.name} — ${SENDER.department.nl}`],
};
