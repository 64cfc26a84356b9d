import { staffTimeZone } from "./time-zone";

// Dates shown to staff, in the installation's time zone (lib/time-zone.ts; inlined at build
// by next.config.ts so server and browser render the same text).
const timeZone = staffTimeZone();

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
const dateTimeSeconds = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone });

export function formatDateTime(date: Date, { seconds = false } = {}): string {
  return (seconds ? dateTimeSeconds : dateTime).format(date);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone });

export function formatDate(value: Date): string {
  return date.format(value);
}
