import { SENDER } from "../sender";
import type { Composer } from "./types";

export const composeInvoice: Composer<"invoice"> = {
  en: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    const due = ctx.date(data.dueDate);
    return {
      subject: `Invoice ${ref} from ${SENDER.name}`,
      summary: `Invoice ${ref} (${amount}, due ${due}) issued to ${ctx.customerName}.`,
      greeting: `Dear ${ctx.customerName},`,
      paragraphs: [
        `Your invoice ${ref} for ${amount} is due on ${due}.`,
        data.paymentUrl
          ? "You can view and pay it online with the link below."
          : `Please pay by bank transfer to IBAN ${SENDER.iban} (BIC ${SENDER.bic}), quoting ${ref} as the reference.`,
      ],
      facts: [
        { label: "Invoice number", value: ref },
        { label: "Issue date", value: ctx.date(data.issueDate) },
        { label: "Due date", value: due },
        { label: "Amount due", value: amount },
      ],
      action: data.paymentUrl ? { label: "View and pay online", url: data.paymentUrl } : null,
      sms: `${SENDER.name}: invoice ${ref} for ${amount} is due on ${due}.${data.paymentUrl ? ` View and pay: ${data.paymentUrl}` : ""}`,
    };
  },
  fr: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    const due = ctx.date(data.dueDate);
    return {
      subject: `Facture ${ref} de ${SENDER.name}`,
      summary: `Facture ${ref} (${amount}, échéance ${due}) émise à ${ctx.customerName}.`,
      greeting: `Bonjour ${ctx.customerName},`,
      paragraphs: [
        `Votre facture ${ref} d'un montant de ${amount} est à régler avant le ${due}.`,
        data.paymentUrl
          ? "Vous pouvez la consulter et la payer en ligne avec le lien ci-dessous."
          : `Merci de régler par virement sur l'IBAN ${SENDER.iban} (BIC ${SENDER.bic}) en indiquant la référence ${ref}.`,
      ],
      facts: [
        { label: "Numéro de facture", value: ref },
        { label: "Date d'émission", value: ctx.date(data.issueDate) },
        { label: "Échéance", value: due },
        { label: "Montant à régler", value: amount },
      ],
      action: data.paymentUrl ? { label: "Consulter et payer en ligne", url: data.paymentUrl } : null,
      sms: `${SENDER.name} : facture ${ref} de ${amount} à régler avant le ${due}.${data.paymentUrl ? ` Payer en ligne : ${data.paymentUrl}` : ""}`,
    };
  },
  nl: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    const due = ctx.date(data.dueDate);
    return {
      subject: `Factuur ${ref} van ${SENDER.name}`,
      summary: `Factuur ${ref} (${amount}, vervaldatum ${due}) uitgereikt aan ${ctx.customerName}.`,
      greeting: `Beste ${ctx.customerName},`,
      paragraphs: [
        `Uw factuur ${ref} van ${amount} vervalt op ${due}.`,
        data.paymentUrl
          ? "U kunt ze online bekijken en betalen via de onderstaande link."
          : `Gelieve te betalen via overschrijving op IBAN ${SENDER.iban} (BIC ${SENDER.bic}) met vermelding van ${ref}.`,
      ],
      facts: [
        { label: "Factuurnummer", value: ref },
        { label: "Factuurdatum", value: ctx.date(data.issueDate) },
        { label: "Vervaldatum", value: due },
        { label: "Te betalen bedrag", value: amount },
      ],
      action: data.paymentUrl ? { label: "Online bekijken en betalen", url: data.paymentUrl } : null,
      sms: `${SENDER.name}: factuur ${ref} van ${amount} vervalt op ${due}.${data.paymentUrl ? ` Bekijken en betalen: ${data.paymentUrl}` : ""}`,
    };
  },
};
