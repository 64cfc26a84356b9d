import { SENDER } from "../sender";
import type { Composer } from "./types";

export const composeWelcome: Composer<"welcome"> = {
  en: (data, ctx) => {
    const account = data.customerNumber ?? ctx.customerReference ?? ctx.reference;
    return {
      subject: `Welcome to ${SENDER.name}`,
      summary: `Customer account ${account} opened for ${ctx.customerName}.`,
      greeting: `Dear ${ctx.customerName},`,
      paragraphs: [
        `Welcome! Your customer account ${account} is ready.`,
        "Invoices and statements will reach you by your preferred channel; you can change it at any time.",
      ],
      facts: [{ label: "Customer number", value: account }],
      action: data.portalUrl ? { label: "Open your customer portal", url: data.portalUrl } : null,
      sms: `Welcome to ${SENDER.name}! Your customer account ${account} is ready.${data.portalUrl ? ` ${data.portalUrl}` : ""}`,
    };
  },
  fr: (data, ctx) => {
    const account = data.customerNumber ?? ctx.customerReference ?? ctx.reference;
    return {
      subject: `Bienvenue chez ${SENDER.name}`,
      summary: `Compte client ${account} ouvert pour ${ctx.customerName}.`,
      greeting: `Bonjour ${ctx.customerName},`,
      paragraphs: [
        `Bienvenue ! Votre compte client ${account} est ouvert.`,
        "Factures et relevés vous parviendront par le canal de votre choix, modifiable à tout moment.",
      ],
      facts: [{ label: "Numéro client", value: account }],
      action: data.portalUrl ? { label: "Ouvrir votre espace client", url: data.portalUrl } : null,
      sms: `Bienvenue chez ${SENDER.name} ! Votre compte client ${account} est ouvert.${data.portalUrl ? ` ${data.portalUrl}` : ""}`,
    };
  },
  nl: (data, ctx) => {
    const account = data.customerNumber ?? ctx.customerReference ?? ctx.reference;
    return {
      subject: `Welkom bij ${SENDER.name}`,
      summary: `Klantenrekening ${account} geopend voor ${ctx.customerName}.`,
      greeting: `Beste ${ctx.customerName},`,
      paragraphs: [
        `Welkom! Uw klantenrekening ${account} is klaar.`,
        "Facturen en overzichten bereiken u via het kanaal van uw keuze; u kunt het altijd wijzigen.",
      ],
      facts: [{ label: "Klantnummer", value: account }],
      action: data.portalUrl ? { label: "Uw klantenportaal openen", url: data.portalUrl } : null,
      sms: `Welkom bij ${SENDER.name}! Uw klantenrekening ${account} is klaar.${data.portalUrl ? ` ${data.portalUrl}` : ""}`,
    };
  },
};
