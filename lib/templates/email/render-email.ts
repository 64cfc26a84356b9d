import { render } from "@react-email/render";
import { createElement } from "react";
import { compositionText } from "../compose";
import type { Composition } from "../copy/types";
import type { TemplateLocale } from "../locale";
import { MessageEmail } from "./message-email";

/**
 * The HTML part, and a text part written from the same composition rather than converted
 * from the HTML: a converter glues table cells together ("Due date15 January 2026").
 */
export async function renderEmail(composition: Composition, locale: TemplateLocale, signOff: string[]) {
  const html = await render(createElement(MessageEmail, { composition, locale, signOff }));
  return { subject: composition.subject, bodyHtml: html, bodyText: compositionText(composition, locale, signOff) };
}
