import { SENDER } from "../sender";
import type { Composer } from "./types";

export const composeCreditNote: Composer<"credit_note"> = {
  en: (data, ctx) => {
    const ref = data.creditNoteNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    return {
      subject: `Credit note ${ref} for invoice ${data.invoiceNumber}`,
      summary: `Credit note ${ref} (${amount}) against invoice ${data.invoiceNumber}.`,
      greeting: `Dear ${ctx.customerName},`,
      paragraphs: [
        `We have issued credit note ${ref} of ${amount} against invoice ${data.invoiceNumber}.`,
        ...(data.reason ? [`Reason: ${data.reason}`] : []),
        "The amount is credited to your customer account.",
      ],
      facts: [
        { label: "Credit note number", value: ref },
        { label: "Issue date", value: ctx.date(data.issueDate) },
        { label: "Invoice corrected", value: data.invoiceNumber },
        { label: "Amount credited", value: amount },
      ],
      action: null,
      sms: `${SENDER.name}: credit note ${ref} of ${amount} issued against invoice ${data.invoiceNumber}.`,
    };
  },
  fr: (data, ctx) => {
    const ref = data.creditNoteNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    return {
      subject: `Avoir ${ref} sur la facture ${data.invoiceNumber}`,
      summary: `Avoir ${ref} (${amount}) sur la facture ${data.invoiceNumber}.`,
      greeting: `Bonjour ${ctx.customerName},`,
      paragraphs: [
        `Nous avons émis l'avoir ${ref} de ${amount} sur la facture ${data.invoiceNumber}.`,
        ...(data.reason ? [`Motif : ${data.reason}`] : []),
        "Ce montant est crédité sur votre compte client.",
      ],
      facts: [
        { label: "Numéro d'avoir", value: ref },
        { label: "Date d'émission", value: ctx.date(data.issueDate) },
        { label: "Facture corrigée", value: data.invoiceNumber },
        { label: "Montant crédité", value: amount },
      ],
      action: null,
      sms: `${SENDER.name} : avoir ${ref} de ${amount} émis sur la facture ${data.invoiceNumber}.`,
    };
  },
  nl: (data, ctx) => {
    const ref = data.creditNoteNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    return {
      subject: `Creditnota ${ref} voor factuur ${data.invoiceNumber}`,
      summary: `Creditnota ${ref} (${amount}) op factuur ${data.invoiceNumber}.`,
      greeting: `Beste ${ctx.customerName},`,
      paragraphs: [
        `We hebben creditnota ${ref} van ${amount} opgemaakt op factuur ${data.invoiceNumber}.`,
        ...(data.reason ? [`Reden: ${data.reason}`] : []),
        "Het bedrag wordt op uw klantenrekening gecrediteerd.",
      ],
      facts: [
        { label: "Creditnotanummer", value: ref },
        { label: "Uitgiftedatum", value: ctx.date(data.issueDate) },
        { label: "Gecorrigeerde factuur", value: data.invoiceNumber },
        { label: "Gecrediteerd bedrag", value: amount },
      ],
      action: null,
      sms: `${SENDER.name}: creditnota ${ref} van ${amount} opgemaakt op factuur ${data.invoiceNumber}.`,
    };
  },
};
