import { SENDER } from "../sender";
import type { Composer } from "./types";

export const composeContract: Composer<"contract"> = {
  en: (data, ctx) => {
    const ref = data.contractNumber ?? ctx.reference;
    const start = ctx.date(data.startDate);
    const until = data.endDate ? ` until ${ctx.date(data.endDate)}` : "";
    const what = {
      signature: {
        subject: `Your contract ${ref} is ready to sign`,
        sms: `contract ${ref} is ready to sign`,
        text: `Your contract ${ref}, starting on ${start}${until}, is ready for your signature. Please review and sign it.`,
      },
      renewal: {
        subject: `Your contract ${ref} is renewed`,
        sms: `contract ${ref} is renewed from ${start}`,
        text: `Your contract ${ref} is renewed from ${start}${until}. There is nothing you need to do.`,
      },
      change: {
        subject: `Changes to your contract ${ref}`,
        sms: `contract ${ref} changes from ${start}`,
        text: `Your contract ${ref} changes from ${start}${until}. Please review the new terms.`,
      },
    }[data.action];
    return {
      subject: what.subject,
      summary: what.text,
      greeting: `Dear ${ctx.customerName},`,
      paragraphs: [what.text, "If you have any questions, simply reply to this message."],
      facts: [
        { label: "Contract number", value: ref },
        { label: "Start date", value: start },
        ...(data.endDate ? [{ label: "End date", value: ctx.date(data.endDate) }] : []),
      ],
      action: data.contractUrl
        ? { label: data.action === "signature" ? "Review and sign" : "View the contract", url: data.contractUrl }
        : null,
      sms: `${SENDER.name}: ${what.sms}.${data.contractUrl ? ` ${data.contractUrl}` : ""}`,
    };
  },
  fr: (data, ctx) => {
    const ref = data.contractNumber ?? ctx.reference;
    const start = ctx.date(data.startDate);
    const until = data.endDate ? ` jusqu'au ${ctx.date(data.endDate)}` : "";
    const what = {
      signature: {
        subject: `Votre contrat ${ref} est prêt à signer`,
        sms: `le contrat ${ref} attend votre signature`,
        text: `Votre contrat ${ref}, qui débute le ${start}${until}, attend votre signature. Merci de le relire et de le signer.`,
      },
      renewal: {
        subject: `Votre contrat ${ref} est renouvelé`,
        sms: `le contrat ${ref} est renouvelé à partir du ${start}`,
        text: `Votre contrat ${ref} est renouvelé à partir du ${start}${until}. Vous n'avez rien à faire.`,
      },
      change: {
        subject: `Modification de votre contrat ${ref}`,
        sms: `le contrat ${ref} est modifié à partir du ${start}`,
        text: `Votre contrat ${ref} est modifié à partir du ${start}${until}. Merci de prendre connaissance des nouvelles conditions.`,
      },
    }[data.action];
    return {
      subject: what.subject,
      summary: what.text,
      greeting: `Bonjour ${ctx.customerName},`,
      paragraphs: [what.text, "Pour toute question, il vous suffit de répondre à ce message."],
      facts: [
        { label: "Numéro de contrat", value: ref },
        { label: "Date de début", value: start },
        ...(data.endDate ? [{ label: "Date de fin", value: ctx.date(data.endDate) }] : []),
      ],
      action: data.contractUrl
        ? { label: data.action === "signature" ? "Relire et signer" : "Voir le contrat", url: data.contractUrl }
        : null,
      // GSM-7 has no "ê": "prêt à signer" would make the whole SMS UCS-2 (70 characters a segment).
      sms: `${SENDER.name} : ${what.sms}.${data.contractUrl ? ` ${data.contractUrl}` : ""}`,
    };
  },
  nl: (data, ctx) => {
    const ref = data.contractNumber ?? ctx.reference;
    const start = ctx.date(data.startDate);
    const until = data.endDate ? ` tot ${ctx.date(data.endDate)}` : "";
    const what = {
      signature: {
        subject: `Uw contract ${ref} is klaar om te ondertekenen`,
        sms: `contract ${ref} is klaar om te ondertekenen`,
        text: `Uw contract ${ref}, dat ingaat op ${start}${until}, is klaar voor ondertekening. Gelieve het na te lezen en te ondertekenen.`,
      },
      renewal: {
        subject: `Uw contract ${ref} is verlengd`,
        sms: `contract ${ref} is verlengd vanaf ${start}`,
        text: `Uw contract ${ref} is verlengd vanaf ${start}${until}. U hoeft niets te doen.`,
      },
      change: {
        subject: `Wijzigingen aan uw contract ${ref}`,
        sms: `contract ${ref} wijzigt vanaf ${start}`,
        text: `Uw contract ${ref} wijzigt vanaf ${start}${until}. Gelieve de nieuwe voorwaarden na te lezen.`,
      },
    }[data.action];
    return {
      subject: what.subject,
      summary: what.text,
      greeting: `Beste ${ctx.customerName},`,
      paragraphs: [what.text, "Hebt u vragen? Antwoord dan gewoon op dit bericht."],
      facts: [
        { label: "Contractnummer", value: ref },
        { label: "Begindatum", value: start },
        ...(data.endDate ? [{ label: "Einddatum", value: ctx.date(data.endDate) }] : []),
      ],
      action: data.contractUrl
        ? { label: data.action === "signature" ? "Nalezen en ondertekenen" : "Contract bekijken", url: data.contractUrl }
        : null,
      sms: `${SENDER.name}: ${what.sms}.${data.contractUrl ? ` ${data.contractUrl}` : ""}`,
    };
  },
};
