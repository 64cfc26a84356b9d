import type { PostalAddress } from "@/db/schema/customers";
import type { Composition } from "../copy/types";
import type { TemplateLocale } from "../locale";
import { SENDER } from "../sender";
import { CONTENT_WIDTH, MARGIN, mm, PdfWriter } from "./writer";

// A French business letter on A4, folded for a DL or C5 envelope with a right-hand window
// (45 × 100 mm, 20 mm from the right edge): the recipient's address sits inside that window
// at 50–95 mm from the top, as the print provider reads it from there (Pingen checks it).

const WINDOW = { x: mm(110), top: mm(50), width: mm(85) };

// The letter's own words: "Lyon, le 2 mars 2026", the reference and the subject line.
const WORDS: Record<TemplateLocale, { datePrefix: string; reference: string; subject: string; colon: string }> = {
  en: { datePrefix: "", reference: "Ref.", subject: "Subject", colon: ": " },
  // French typography puts a space before the colon.
  fr: { datePrefix: "le ", reference: "Réf.", subject: "Objet", colon: " : " },
  nl: { datePrefix: "", reference: "Ref.", subject: "Betreft", colon: ": " },
};

export type LetterInput = {
  composition: Composition;
  locale: TemplateLocale;
  recipient: PostalAddress;
  recipientName: string;
  reference: string;
  date: string;
  signOff: string[];
  issuedAt: Date;
};

export async function renderLetterPdf(input: LetterInput): Promise<Uint8Array> {
  const { composition, locale } = input;
  const pdf = await PdfWriter.create({ title: composition.subject, subject: composition.summary, locale, createdAt: input.issuedAt });

  pdf.textAt(SENDER.name, MARGIN, mm(15), { size: 12, bold: true });
  senderLines().forEach((line, index) => pdf.textAt(line, MARGIN, mm(21) + index * 11, { size: 8.5, grey: true }));

  pdf.textAt(`${SENDER.name} · ${SENDER.address.line1} · ${SENDER.address.postalCode} ${SENDER.address.city}`, WINDOW.x, WINDOW.top, {
    size: 6.5,
    grey: true,
  });
  addressLines(input.recipient, input.recipientName).forEach((line, index) =>
    pdf.textAt(line, WINDOW.x, WINDOW.top + mm(6) + index * 13, { size: 10.5 }),
  );

  const words = WORDS[locale];
  pdf.textAt(`${SENDER.address.city}, ${words.datePrefix}${input.date}`, MARGIN, mm(105), { size: 10 }, CONTENT_WIDTH, "right");
  pdf.textAt(`${words.reference} ${input.reference}`, MARGIN, mm(105), { size: 10, grey: true });
  pdf.y = mm(115);
  const colon = words.colon;
  pdf.paragraph(`${words.subject}${colon}${composition.subject}`, {
    bold: true,
    size: 11,
    after: 14,
  });

  pdf.paragraph(composition.greeting);
  for (const paragraph of composition.paragraphs) pdf.paragraph(paragraph);
  if (composition.facts.length > 0) {
    for (const fact of composition.facts) {
      pdf.row([
        { text: fact.label, x: MARGIN + mm(5), width: mm(70) },
        { text: fact.value, x: MARGIN + mm(75), width: mm(80), align: "right" },
      ]);
    }
    pdf.y += 8;
  }
  if (composition.action) pdf.paragraph(`${composition.action.label}${colon}${composition.action.url}`);
  pdf.paragraph(input.signOff.join("\n"), { after: 0 });

  return pdf.save();
}

/** The recipient block as La Poste wants it: name, street, postcode + city, country if abroad. */
export function addressLines(address: Partial<PostalAddress> & { country: string }, fallbackName: string): string[] {
  const country = address.country.toUpperCase();
  const abroad = country !== SENDER.address.country;
  return [
    address.name || fallbackName,
    address.line1,
    address.line2,
    [address.postalCode, abroad ? address.city : address.city?.toUpperCase()].filter(Boolean).join(" "),
    abroad ? (new Intl.DisplayNames(["fr"], { type: "region" }).of(country) ?? country).toUpperCase() : undefined,
  ].filter((line): line is string => Boolean(line));
}

function senderLines(): string[] {
  return [
    SENDER.address.line1,
    `${SENDER.address.postalCode} ${SENDER.address.city}`,
    `${SENDER.email} · ${SENDER.phone}`,
    `SIRET ${SENDER.siret} · TVA ${SENDER.vatNumber}`,
  ];
}
