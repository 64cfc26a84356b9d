import type { RenderedContent } from "@/db/content-hash";
import { sha256Hex } from "@/db/content-hash";
import type { PostalAddress } from "@/db/schema/customers";
import type { Category } from "@/lib/categories";

// PLACEHOLDER until the templates branch merges (interface only).
export type TemplateChannel = "email" | "sms" | "post" | "einvoice";
export type RenderInput = {
  category: Category;
  channel: TemplateChannel;
  locale: string;
  subject: { type: "invoice" | "customer" | "contract"; reference: string };
  customer: { name: string; reference?: string | null; postalAddress?: PostalAddress | null; einvoiceId?: { scheme: string; value: string } | null };
  data: unknown;
  issuedAt: Date;
};
export type RenderedDocument = { filename: string; contentType: string; content: Uint8Array; sha256: string };
export type RenderedMessage = RenderedContent & { documents: RenderedDocument[]; templateKey: string; templateVersion: number };

export async function renderMessage(input: RenderInput): Promise<RenderedMessage> {
  const text = `${input.category} ${input.subject.reference} for ${input.customer.name}`;
  const documents: RenderedDocument[] = [];
  if (input.channel === "post" || input.channel === "einvoice") {
    const content = new TextEncoder().encode(`%PDF-1.7 ${text}`);
    documents.push({ filename: `${input.subject.reference}.pdf`, contentType: "application/pdf", content, sha256: sha256Hex(content) });
  }
  return {
    subject: input.channel === "sms" ? null : text,
    bodyText: text,
    bodyHtml: input.channel === "email" ? `<p>${text}</p>` : null,
    documents,
    templateKey: `${input.category}.${input.channel}.${input.locale}`,
    templateVersion: 1,
  };
}
