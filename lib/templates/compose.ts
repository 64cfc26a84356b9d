import { composeContract } from "./copy/contract";
import { composeCreditNote } from "./copy/credit-note";
import { composeInvoice } from "./copy/invoice";
import { composePaymentConfirmation } from "./copy/payment-confirmation";
import { composeReminder } from "./copy/reminder";
import { composeStatement } from "./copy/statement";
import type { Composer, ComposeContext, Composition } from "./copy/types";
import { composeWelcome } from "./copy/welcome";
import type { TemplateData } from "./data";
import type { TemplateLocale } from "./locale";
import type { Category } from "@/lib/status";

const COMPOSERS: { [C in Category]: Composer<C> } = {
  invoice: composeInvoice,
  reminder: composeReminder,
  payment_confirmation: composePaymentConfirmation,
  statement: composeStatement,
  contract: composeContract,
  credit_note: composeCreditNote,
  welcome: composeWelcome,
};

export function composeMessage<C extends Category>(category: C, data: TemplateData[C], ctx: ComposeContext): Composition {
  return COMPOSERS[category][ctx.locale](data, ctx);
}

/** The plain-text form of a composition: the letter's text and the e-mail's text part. */
export function compositionText(composition: Composition, locale: TemplateLocale, signOff: string[]): string {
  // French typography puts a space before the colon.
  const colon = locale === "fr" ? " : " : ": ";
  const facts = composition.facts.map((fact) => `${fact.label}${colon}${fact.value}`).join("\n");
  const action = composition.action ? `${composition.action.label}${colon}${composition.action.url}` : null;
  return [composition.greeting, ...composition.paragraphs, facts, action, signOff.join("\n")].filter(Boolean).join("\n\n");
}
