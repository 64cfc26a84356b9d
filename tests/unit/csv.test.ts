import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvRow } from "@/lib/documents/csv";

describe("CSV cells", () => {
  it("quotes commas, quotes, line breaks and edge spaces; doubles embedded quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("Dupont, Fils")).toBe('"Dupont, Fils"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
    expect(csvCell(" padded ")).toBe('" padded "');
    expect(csvCell("Société Générale — €")).toBe("Société Générale — €");
  });

  it.each(['=HYPERLINK("http://evil")', "+33 6 12 34 56 78", "-1+1", "@SUM(A1)", "\tcmd"])(
    "neutralises a text cell that starts a formula: %s",
    (value) => {
      const cell = csvCell(value);
      expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
      expect(cell).toContain(value.replace(/"/g, '""'));
    },
  );

  it("writes numbers, booleans, empty values and dates (ISO 8601, UTC) as such", () => {
    expect(csvCell(-12.5)).toBe("-12.5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(new Date("2026-01-15T09:30:00+01:00"))).toBe("2026-01-15T08:30:00.000Z");
  });

  it("ends rows with CRLF and exposes the UTF-8 byte-order mark", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
    expect(new TextEncoder().encode(CSV_BOM)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});
