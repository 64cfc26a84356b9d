import { SENDER } from "../sender";
import type { Composer, ComposeContext } from "./types";

const LEVELS = {
  en: ["First reminder", "Second reminder", "Final notice"],
  fr: ["Premier rappel", "Deuxième rappel", "Dernier rappel avant recouvrement"],
  nl: ["Eerste herinnering", "Tweede herinnering", "Laatste aanmaning"],
} as const;

export const composeReminder: Composer<"reminder"> = {
  en: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    const due = ctx.date(data.dueDate);
    const level = LEVELS.en[data.level - 1]!;
    const days = data.daysOverdue ?? daysBetween(data.dueDate, ctx);
    const firmness = [
      "Please settle it at your earliest convenience. If you have already paid, please disregard this message.",
      "Please settle it within 8 days. If you have already paid, please disregard this message.",
      "Without payment within 8 days, we will pass the debt to our collection service, which may add recovery costs.",
    ][data.level - 1]!;
    return {
      subject: `${level}: invoice ${ref} is overdue`,
      summary: `${level} for invoice ${ref} (${amount}, due ${due}).`,
      greeting: `Dear ${ctx.customerName},`,
      paragraphs: [
        `Our records show that invoice ${ref} for ${amount}, due on ${due}, is still unpaid (${days} ${days === 1 ? "day" : "days"} overdue).`,
        data.paymentUrl
          ? "You can pay online with the link below."
          : `You can pay by bank transfer to IBAN ${SENDER.iban}, quoting ${ref}.`,
        firmness,
      ],
      facts: [
        { label: "Invoice number", value: ref },
        { label: "Due date", value: due },
        { label: "Days overdue", value: String(days) },
        { label: "Amount due", value: amount },
      ],
      action: data.paymentUrl ? { label: "Pay now", url: data.paymentUrl } : null,
      sms: `${SENDER.name}: ${level} - invoice ${ref} (${amount}) was due on ${due}.${data.paymentUrl ? ` Pay: ${data.paymentUrl}` : ` IBAN ${SENDER.iban}`}`,
    };
  },
  fr: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    const due = ctx.date(data.dueDate);
    const level = LEVELS.fr[data.level - 1]!;
    const days = data.daysOverdue ?? daysBetween(data.dueDate, ctx);
    const firmness = [
      "Merci de procéder à son règlement dans les meilleurs délais. Si vous avez déjà réglé, merci de ne pas tenir compte de ce message.",
      "Merci de la régler sous 8 jours. Si vous avez déjà réglé, merci de ne pas tenir compte de ce message.",
      "Sans règlement sous 8 jours, la créance sera transmise à notre service de recouvrement, ce qui peut entraîner des frais supplémentaires.",
    ][data.level - 1]!;
    return {
      subject: `${level} : facture ${ref} impayée`,
      summary: `${level} pour la facture ${ref} (${amount}, échéance ${due}).`,
      greeting: `Bonjour ${ctx.customerName},`,
      paragraphs: [
        `Sauf erreur de notre part, la facture ${ref} d'un montant de ${amount}, échue le ${due}, reste impayée (retard de ${days} ${days === 1 ? "jour" : "jours"}).`,
        data.paymentUrl
          ? "Vous pouvez la régler en ligne avec le lien ci-dessous."
          : `Vous pouvez la régler par virement sur l'IBAN ${SENDER.iban} en indiquant la référence ${ref}.`,
        firmness,
      ],
      facts: [
        { label: "Numéro de facture", value: ref },
        { label: "Échéance", value: due },
        { label: "Jours de retard", value: String(days) },
        { label: "Montant dû", value: amount },
      ],
      action: data.paymentUrl ? { label: "Payer maintenant", url: data.paymentUrl } : null,
      sms: `${SENDER.name} : ${level} - facture ${ref} (${amount}) échue le ${due}.${data.paymentUrl ? ` Payer : ${data.paymentUrl}` : ` IBAN ${SENDER.iban}`}`,
    };
  },
  nl: (data, ctx) => {
    const ref = data.invoiceNumber ?? ctx.reference;
    const amount = ctx.money(data.amountCents, data.currency);
    const due = ctx.date(data.dueDate);
    const level = LEVELS.nl[data.level - 1]!;
    const days = data.daysOverdue ?? daysBetween(data.dueDate, ctx);
    const firmness = [
      "Gelieve het bedrag zo spoedig mogelijk te betalen. Hebt u intussen al betaald, dan mag u dit bericht als onbestaande beschouwen.",
      "Gelieve binnen 8 dagen te betalen. Hebt u intussen al betaald, dan mag u dit bericht als onbestaande beschouwen.",
      "Zonder betaling binnen 8 dagen dragen wij de schuld over aan onze invorderingsdienst, wat bijkomende invorderingskosten kan meebrengen.",
    ][data.level - 1]!;
    return {
      subject: `${level}: factuur ${ref} is vervallen`,
      summary: `${level} voor factuur ${ref} (${amount}, vervaldatum ${due}).`,
      greeting: `Beste ${ctx.customerName},`,
      paragraphs: [
        `Volgens onze gegevens is factuur ${ref} van ${amount}, vervallen op ${due}, nog niet betaald (${days} ${days === 1 ? "dag" : "dagen"} te laat).`,
        data.paymentUrl
          ? "U kunt online betalen via de onderstaande link."
          : `U kunt betalen via overschrijving op IBAN ${SENDER.iban} met vermelding van ${ref}.`,
        firmness,
      ],
      facts: [
        { label: "Factuurnummer", value: ref },
        { label: "Vervaldatum", value: due },
        { label: "Dagen te laat", value: String(days) },
        { label: "Verschuldigd bedrag", value: amount },
      ],
      action: data.paymentUrl ? { label: "Nu betalen", url: data.paymentUrl } : null,
      sms: `${SENDER.name}: ${level} - factuur ${ref} (${amount}) verviel op ${due}.${data.paymentUrl ? ` Betalen: ${data.paymentUrl}` : ` IBAN ${SENDER.iban}`}`,
    };
  },
};

// Whole days from the due date to the sender's day of sending; never negative.
function daysBetween(dueDate: string, ctx: ComposeContext): number {
  const due = Date.parse(`${dueDate}T00:00:00Z`);
  return Math.max(0, Math.floor((ctx.issuedAt.getTime() - due) / 86_400_000));
}
