import type { PostalAddress } from "@/db/schema/customers";
import { HeraldError } from "@/lib/errors";
import { compositionText } from "./compose";
import type { Composition } from "./copy/types";
import { documentFilename, toDocument, type RenderedDocument } from "./documents";
import { formatDate, type TemplateLocale } from "./locale";
import { renderLetterPdf } from "./pdf/letter";
import type { RenderInput } from "./render";

/** A letter: the PDF the print provider posts, and its text for the attempt's snapshot. */
export async function renderPost(input: RenderInput, composition: Composition, locale: TemplateLocale, signOff: string[]) {
  const recipient = requirePostalAddress(input.customer.postalAddress, "a letter");
  const content = await renderLetterPdf({
    composition,
    locale,
    recipient,
    recipientName: input.customer.name,
    reference: input.subject.reference,
    date: formatDate(input.issuedAt, locale),
    signOff,
    issuedAt: input.issuedAt,
  });
  const documents: RenderedDocument[] = [
    toDocument(documentFilename("letter", input.category, input.subject.reference, "pdf"), "application/pdf", content),
  ];
  return { subject: composition.subject, bodyText: compositionText(composition, locale, signOff), bodyHtml: null, documents };
}

export function requirePostalAddress(address: PostalAddress | null | undefined, purpose: string): PostalAddress {
  if (!address) throw missingAddress("customer.postalAddress", purpose);
  const blank = (["line1", "postalCode", "city", "country"] as const).find((field) => !address[field]?.trim());
  if (blank) throw missingAddress(`customer.postalAddress.${blank}`, purpose);
  return address;
}

function missingAddress(field: string, purpose: string): HeraldError {
  return new HeraldError(
    422,
    "missing_postal_address",
    `${field} is required to render ${purpose}: add the customer's postal address, then send again`,
  );
}
