// CSV as spreadsheet software opens it correctly: a UTF-8 byte-order mark (else Excel
// reads the file as the local code page and accents break), RFC 4180 quoting, CRLF line
// ends, ISO 8601 dates, and text cells that would start a formula neutralised.

export const CSV_BOM = "\uFEFF";

export type CsvValue = string | number | boolean | Date | null | undefined;

// = + - @ start a formula in Excel, LibreOffice and Google Sheets; tab and carriage return
// do too once the cell is trimmed (OWASP "CSV injection"). A leading apostrophe makes the
// spreadsheet show the text as typed.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
