import { describe, expect, it } from "vitest";
import { containsPattern, readSearchTerms, toE164 } from "@/db/queries/search-terms";

// How the search box reads its text before any SQL (db/queries/search-terms.ts).
describe("search terms", () => {
  it("trims, lower-cases and collapses spaces; escapes LIKE wildcards in the prefix", () => {
    expect(readSearchTerms("  INV-2026-001886  ")).toMatchObject({
      text: "inv-2026-001886",
      prefix: "inv-2026-001886%",
      email: false,
      phoneLike: false,
    });
    expect(readSearchTerms("Boulangerie   Martin")?.text).toBe("boulangerie martin");
    expect(readSearchTerms("50%_off\\")?.prefix).toBe("50\\%\\_off\\\\%");
    expect(containsPattern("a_b")).toBe("%a\\_b%");
    expect(readSearchTerms("   ")).toBeNull();
  });

  it("marks e-mail addresses and text that may be a phone number", () => {
    expect(readSearchTerms("Factures@Boulangerie-Martin.example")?.email).toBe(true);
    for (const phone of ["+33 6 12 34 56 78", "06.12.34.56.78", "(0)6-12-34-56-78", "0033612345678"]) {
      expect(readSearchTerms(phone)?.phoneLike, phone).toBe(true);
    }
    expect(readSearchTerms("CUS-000001")?.phoneLike).toBe(false);
    expect(readSearchTerms("12345")?.phoneLike).toBe(false);
  });

  it("marks text that looks like (part of) an identifier, so it is never matched by similarity", () => {
    for (const identifier of [
      "INV-2026-001886",
      "2026-001886",
      "001886",
      "factures@boulangerie-martin.example",
      "boulangerie-martin.example",
      "+33 6 12 34 56 78",
      "0088:0000000000013",
    ]) {
      expect(readSearchTerms(identifier)?.identifier, identifier).toBe(true);
    }
    for (const name of [
      "Boulangrie",
      "boulangerie martin",
      "Mairie de Villeurbanne",
      "O'Brien & Fils",
      "Boulogne-Billancourt",
      "allée des tilleuls",
    ]) {
      expect(readSearchTerms(name)?.identifier, name).toBe(false);
    }
  });

  it("reads national numbers in the given country (France by default) and international ones anywhere", () => {
    expect(toE164("06 12 34 56 78", null)).toBe("+33612345678");
    expect(toE164("06.12.34.56.78", "XX")).toBe("+33612345678");
    expect(toE164("0033 6 12 34 56 78", null)).toBe("+33612345678");
    expect(toE164("+32 470 12 34 56", "FR")).toBe("+32470123456");
    expect(toE164("0470 12 34 56", "BE")).toBe("+32470123456");
    expect(toE164("4000123", null)).toBeNull();
  });
});
