import { SENDER } from "../sender";
import type { Composer } from "./types";

const METHODS = {
  en: { card: "Card", transfer: "Bank transfer", direct_debit: "Direct debit", cheque: "Cheque", cash: "Cash" },
  fr: { card: "Carte bancaire", transfer: "Virement", direct_debit: "Prélèvement", cheque: "Chèque", cash: "Espèces" },
  nl: { card: "Kaart", transfer: "Overschrijving", direct_debit: "Domiciliëring", cheque: "Cheque", cash: "Contant" },
} as const;

export const composePaymentConfirmation: Composer<"payment_confirmation"> = {
  en: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    return {
      subject: `Payment received for invoice ${ref}`,
      summary: `Payment of ${amount} received for invoice ${ref}.`,
      greeting: `Dear ${ctx.customerName},`,
      paragraphs: [`We have received your payment of ${amount} for invoice ${ref}. Thank you!`],
      facts: [
        { label: "Invoice number", value: ref },
        { label: "Amount received", value: amount },
        { label: "Received on", value: ctx.date(data.paidAt) },
        ...(data.method ? [{ label: "Payment method", value: METHODS.en[data.method] }] : []),
      ],
      action: null,
      sms: `${SENDER.name}: we received your payment of ${amount} for invoice ${ref}. Thank you!`,
    };
  },
  fr: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    return {
      subject: `Paiement reçu pour la facture ${ref}`,
      summary: `Paiement de ${amount} reçu pour la facture ${ref}.`,
      greeting: `Bonjour ${ctx.customerName},`,
      paragraphs: [`Nous avons bien reçu votre paiement de ${amount} pour la facture ${ref}. Merci !`],
      facts: [
        { label: "Numéro de facture", value: ref },
        { label: "Montant reçu", value: amount },
        { label: "Reçu le", value: ctx.date(data.paidAt) },
        ...(data.method ? [{ label: "Moyen de paiement", value: METHODS.fr[data.method] }] : []),
      ],
      action: null,
      // "reçu" has no GSM-7 "ç": "bien recu" would read as a typo, so say it without it.
      sms: `${SENDER.name} : votre paiement de ${amount} pour la facture ${ref} est bien arrivé. Merci !`,
    };
  },
  nl: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    return {
      subject: `Betaling ontvangen voor factuur ${ref}`,
      summary: `Betaling van ${amount} ontvangen voor factuur ${ref}.`,
      greeting: `Beste ${ctx.customerName},`,
      paragraphs: [`We hebben uw betaling van ${amount} voor factuur ${ref} goed ontvangen. Hartelijk dank!`],
      facts: [
        { label: "Factuurnummer", value: ref },
        { label: "Ontvangen bedrag", value: amount },
        { label: "Ontvangen op", value: ctx.date(data.paidAt) },
        ...(data.method ? [{ label: "Betaalwijze", value: METHODS.nl[data.method] }] : []),
      ],
      action: null,
      sms: `${SENDER.name}: we hebben uw betaling van ${amount} voor factuur ${ref} ontvangen. Hartelijk dank!`,
    };
  },
};
