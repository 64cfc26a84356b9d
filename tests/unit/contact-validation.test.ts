import { describe, expect, it } from "vitest";
import {
  validateEinvoiceRegistration,
  validateEmail,
  validateMobileNumber,
  validatePeppolParticipantId,
  validatePostalAddress,
} from "@/lib/routing/contact-validation";

// Contact validation (lib/routing/contact-validation.ts), table-driven against the
// libraries it wraps; planChannels relies on it to skip unusable details (plan-channels.test.ts).

describe("contact validation", () => {
  it.each([
    ["jeanne@example.fr", true],
    ["élodie@exemple.fr", true],
    ["用户@例子.广告", true],
    ["jeanne@@example.fr", false],
    ["jeanne@localhost", false],
    ["", false],
    ["o'brien+relance@example.ie", true],
    ["first.last@sub.example.co.uk", true],
    ["a@xn--exmple-cua.fr", true],
    ["<script>@x.fr", false],
    ["<script>alert(1)</script>@x.fr", false],
    ['"quoted"@x.fr', false],
    ["jeanne dupont@example.fr", false],
    ["a..b@example.fr", false],
    [".a@example.fr", false],
    ["a.@example.fr", false],
    ["a(comment)@example.fr", false],
    ["a@-example.fr", false],
    ["a@example-.fr", false],
    ["a@example..fr", false],
    ["a@example.f", false],
    ["a@example.123", false],
    ["a@[192.0.2.1]", false],
    ["a@example.fr>", false],
    [`${"a".repeat(65)}@example.fr`, false],
    [`a@${"b".repeat(64)}.fr`, false],
  ])("e-mail %s → %s", (address, ok) => {
    expect(validateEmail(address).ok).toBe(ok);
  });

  it.each([
    ["+33612345678", "FR", "+33612345678"],
    ["06 12 34 56 78", "FR", "+33612345678"],
    ["+12015550123", undefined, "+12015550123"], // US: fixed line or mobile
    ["+33123456789", "FR", null], // landline
    ["+33912345678", "FR", null], // VoIP
    ["+3361234", "FR", null],
    ["not a number", "FR", null],
  ])("mobile %s (%s) → %s", (value, country, expected) => {
    const result = validateMobileNumber(value, country);
    expect(result.ok ? result.address : null).toBe(expected);
  });

  it.each([
    ["0009:73282932000074", "0009:73282932000074"],
    ["iso6523-actorid-upis::0009:73282932000074", "0009:73282932000074"],
    ["0009:73282932000075", null], // SIRET checksum
    ["0002:732829320", "0002:732829320"],
    ["0002:732829321", null],
    ["0208:0403170701", "0208:0403170701"],
    ["0208:0403170702", null],
    ["9925:BE0403170701", "9925:be0403170701"],
    ["0192:974760673", "0192:974760673"],
    ["9957:FR40303265045", "9957:fr40303265045"],
    ["0088:5790000435975", "0088:5790000435975"], // no checksum check for GLN: format only
    ["009:123", null],
    ["0009:", null],
    [`0088:${"1".repeat(131)}`, null],
    ["0088:has space", null],
  ])("Peppol participant id %s → %s", (value, expected) => {
    const result = validatePeppolParticipantId(value);
    expect(result.ok ? result.address : null).toBe(expected);
  });

  it("tells a SIRET from a Peppol id and checks its Luhn checksum", () => {
    expect(validateEinvoiceRegistration("73282932000074")).toEqual({ ok: true, address: "73282932000074", network: "chorus_pro" });
    expect(validateEinvoiceRegistration("73282932000075")).toEqual({ ok: false, problem: "SIRET invalid (73282932000075)" });
  });

  it.each([
    [null, "postal address missing"],
    [{ line1: " ", postalCode: "75002", city: "Paris", country: "FR" }, "postal address incomplete (no line1)"],
    [{ line1: "1 rue", postalCode: "75002", city: "Paris", country: "France" }, "postal address country is not an ISO code (France)"],
  ])("postal address %j → %s", (value, problem) => {
    expect(validatePostalAddress(value)).toEqual({ ok: false, problem });
  });
});
