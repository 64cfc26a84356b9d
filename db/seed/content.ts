import type { RenderedContent } from "@/db/content-hash";
import type { templates } from "@/db/schema";
import type { Category, Channel } from "@/db/schema/enums";
import { seededUuid, STREAM } from "./random";
import { TEMPLATE_TEXTS, type TemplateText } from "./template-texts";

// Rendering of the seeded templates into attempt snapshots, and the content hash.

export const SENDER_COMPANY = "Helios Énergie SAS";
export const SENDER_EMAIL = "factures@billing.helios-energie.example";

export type TemplateLocale = "en" | "fr" | "nl";

/** The customer's language if the templates have it, else English (as lib/templates/locale.ts). */
export function templateLocaleFor(customerLocale: string): TemplateLocale {
  return customerLocale === "fr" || customerLocale === "nl" ? customerLocale : "en";
}

/** Renders the seeded template of (category, channel, locale) with the given values. */
export function renderContent(category: Category, channel: Channel, locale: TemplateLocale, vars: Record<string, string>): RenderedContent {
  const text = TEMPLATE_TEXTS[category][locale];
  const body = fill(bodyTemplate(text, channel), vars);
  if (channel === "sms") return { subject: null, bodyText: body, bodyHtml: null };
  const subject = fill(text.subject, vars);
  return { subject, bodyText: body, bodyHtml: channel === "email" ? toHtml(body, locale) : null };
}

/** One templates row per category × channel × locale (version 1). */
export function templateRows(seed: number, createdAt: Date): (typeof templates.$inferInsert)[] {
  const rows: (typeof templates.$inferInsert)[] = [];
  const channels: Channel[] = ["email", "sms", "post", "einvoice", "manual"];
  for (const category of Object.keys(TEMPLATE_TEXTS) as Category[]) {
    for (const channel of channels) {
      for (const locale of ["en", "fr", "nl"] as const) {
        const text = TEMPLATE_TEXTS[category][locale];
        rows.push({
          id: seededUuid(seed, STREAM.templateId, rows.length),
          key: category,
          category,
          channel,
          locale,
          version: 1,
          subject: channel === "sms" ? null : text.subject,
          body: bodyTemplate(text, channel),
          createdAt,
        });
      }
    }
  }
  return rows;
}

export function formatAmount(cents: number, currency: string, locale: TemplateLocale): string {
  const units = Math.floor(Math.abs(cents) / 100);
  const fraction = String(Math.abs(cents) % 100).padStart(2, "0");
  const grouped = String(units).replace(/\B(?=(\d{3})+(?!\d))/g, locale === "fr" ? "\u202f" : locale === "nl" ? "." : ",");
  const sign = cents < 0 ? "-" : "";
  if (locale === "fr") return `${sign}${grouped},${fraction}\u00a0${currency === "EUR" ? "€" : currency}`;
  if (locale === "nl") return `${currency === "EUR" ? "€" : currency}\u00a0${sign}${grouped},${fraction}`;
  const symbol = currency === "EUR" ? "€" : currency === "GBP" ? "£" : `${currency}\u00a0`;
  return `${sign}${symbol}${grouped}.${fraction}`;
}

export function formatDate(date: Date, locale: TemplateLocale): string {
  const day = date.getUTCDate();
  const month = date.getUTCMonth();
  const year = date.getUTCFullYear();
  if (locale !== "en") return `${String(day).padStart(2, "0")}/${String(month + 1).padStart(2, "0")}/${year}`;
  return `${day} ${MONTHS_EN[month]} ${year}`;
}

export function formatPeriod(date: Date, locale: TemplateLocale): string {
  const months = locale === "fr" ? MONTHS_FR : locale === "nl" ? MONTHS_NL : MONTHS_EN_LONG;
  return `${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

function bodyTemplate(text: TemplateText, channel: Channel): string {
  if (channel === "sms") return text.sms;
  if (channel === "einvoice") return text.einvoice;
  if (channel === "manual") return text.manual;
  return text.body;
}

const compiled = new Map<string, string[]>();

// Templates are split once into literal / placeholder parts: millions of renders at scale.
function fill(template: string, vars: Record<string, string>): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{\{(\w+)\}\}/);
    compiled.set(template, parts);
  }
  let out = "";
  for (let i = 0; i < parts.length; i++) out += i % 2 === 0 ? parts[i] : (vars[parts[i]!] ?? "");
  return out;
}

function toHtml(text: string, locale: TemplateLocale): string {
  const paragraphs = text.split("\n\n").map(
    (p) =>
      `<p>${escapeHtml(p)
        .replaceAll("\n", "<br>")
        .replace(/https:\/\/\S+/g, (url) => `<a href="${url}">${url}</a>`)}</p>`,
  );
  return `<!doctype html><html lang="${locale}"><body style="font-family:Arial,sans-serif;color:#1f2937">${paragraphs.join("")}</body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_EN_LONG = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const MONTHS_NL = [
  "januari",
  "februari",
  "maart",
  "april",
  "mei",
  "juni",
  "juli",
  "augustus",
  "september",
  "oktober",
  "november",
  "december",
];
const MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
