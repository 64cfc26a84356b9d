import { formatMonth } from "../locale";
import { SENDER } from "../sender";
import type { Composer } from "./types";

export const composeStatement: Composer<"statement"> = {
  en: (data, ctx) => {
    const period = formatMonth(data.period, "en");
    const account = ctx.customerReference ?? ctx.reference;
    const balance = ctx.money(Math.abs(data.balanceCents), data.currency);
    const balanceText = data.balanceCents < 0 ? `${balance} in your favour` : balance;
    return {
      subject: `Your statement of account — ${period}`,
      summary: `Statement of account for ${period}: open balance ${balanceText}.`,
      greeting: `Dear ${ctx.customerName},`,
      paragraphs: [
        `Here is your statement of account for ${period}. Open balance: ${balanceText}.`,
        data.balanceCents > 0 ? "Please settle any overdue invoices at your earliest convenience." : "Nothing is due at the moment.",
      ],
      facts: [
        { label: "Customer number", value: account },
        { label: "Period", value: period },
        { label: "Open balance", value: balanceText },
        ...(data.openInvoices === undefined ? [] : [{ label: "Open invoices", value: String(data.openInvoices) }]),
      ],
      action: data.statementUrl ? { label: "View the details online", url: data.statementUrl } : null,
      sms: `${SENDER.name}: your statement for ${period} (account ${account}) is available. Open balance ${balanceText}.${data.statementUrl ? ` ${data.statementUrl}` : ""}`,
    };
  },
  fr: (data, ctx) => {
    const period = formatMonth(data.period, "fr");
    const account = ctx.customerReference ?? ctx.reference;
    const balance = ctx.money(Math.abs(data.balanceCents), data.currency);
    const balanceText = data.balanceCents < 0 ? `${balance} en votre faveur` : balance;
    return {
      subject: `Votre relevé de compte — ${period}`,
      summary: `Relevé de compte ${period} : solde ouvert ${balanceText}.`,
      greeting: `Bonjour ${ctx.customerName},`,
      paragraphs: [
        `Voici votre relevé de compte pour ${period}. Solde ouvert : ${balanceText}.`,
        data.balanceCents > 0 ? "Merci de régler les factures échues dans les meilleurs délais." : "Aucun montant n'est dû pour le moment.",
      ],
      facts: [
        { label: "Numéro client", value: account },
        { label: "Période", value: period },
        { label: "Solde ouvert", value: balanceText },
        ...(data.openInvoices === undefined ? [] : [{ label: "Factures ouvertes", value: String(data.openInvoices) }]),
      ],
      action: data.statementUrl ? { label: "Voir le détail en ligne", url: data.statementUrl } : null,
      sms: `${SENDER.name} : votre relevé de ${period} (compte ${account}) est disponible. Solde ${balanceText}.${data.statementUrl ? ` ${data.statementUrl}` : ""}`,
    };
  },
  nl: (data, ctx) => {
    const period = formatMonth(data.period, "nl");
    const account = ctx.customerReference ?? ctx.reference;
    const balance = ctx.money(Math.abs(data.balanceCents), data.currency);
    const balanceText = data.balanceCents < 0 ? `${balance} in uw voordeel` : balance;
    return {
      subject: `Uw rekeningoverzicht — ${period}`,
      summary: `Rekeningoverzicht van ${period}: openstaand saldo ${balanceText}.`,
      greeting: `Beste ${ctx.customerName},`,
      paragraphs: [
        `Hierbij uw rekeningoverzicht van ${period}. Openstaand saldo: ${balanceText}.`,
        data.balanceCents > 0 ? "Gelieve eventuele vervallen facturen zo spoedig mogelijk te betalen." : "Er staat momenteel niets open.",
      ],
      facts: [
        { label: "Klantnummer", value: account },
        { label: "Periode", value: period },
        { label: "Openstaand saldo", value: balanceText },
        ...(data.openInvoices === undefined ? [] : [{ label: "Openstaande facturen", value: String(data.openInvoices) }]),
      ],
      action: data.statementUrl ? { label: "Details online bekijken", url: data.statementUrl } : null,
      sms: `${SENDER.name}: uw rekeningoverzicht van ${period} (klant ${account}) is beschikbaar. Openstaand saldo ${balanceText}.${data.statementUrl ? ` ${data.statementUrl}` : ""}`,
    };
  },
};
