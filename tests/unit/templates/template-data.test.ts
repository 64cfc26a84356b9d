import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HeraldError } from "@/lib/errors";
import { renderMessage, templateDataSchema } from "@/lib/templates/render";
import { CUSTOMER, SAMPLES, sampleInput } from "./samples";

// Bad template data or missing recipient details fail with a HeraldError that names the field
// and says what to do — the platform API returns it to the caller as is.

async function renderError(input: Parameters<typeof renderMessage>[0]): Promise<HeraldError> {
  const error = await renderMessage(input).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HeraldError);
  return error as HeraldError;
}

const invoiceData = SAMPLES.invoice.data as Record<string, unknown>;
const withData = (category: keyof typeof SAMPLES, data: unknown, channel: "email" | "einvoice" = "email") => ({
  ...sampleInput(category, channel, "en"),
  data,
});

describe("invalid template data", () => {
  it.each([
    ["amountCents as a string", "invoice", { ...invoiceData, amountCents: "1265.45" }, "data.amountCents"],
    ["amountCents with decimals", "invoice", { ...invoiceData, lines: undefined, amountCents: 1265.45 }, "data.amountCents"],
    ["missing due date", "invoice", { ...invoiceData, dueDate: undefined }, "data.dueDate"],
    ["impossible date", "invoice", { ...invoiceData, dueDate: "2026-02-30" }, "data.dueDate"],
    ["lower-case currency", "invoice", { ...invoiceData, currency: "eur" }, "data.currency"],
    ["unknown currency", "invoice", { ...invoiceData, currency: "XYZ" }, "data.currency"],
    [
      "a line without VAT rate",
      "invoice",
      { ...invoiceData, lines: [{ description: "x", quantity: 1, unitPriceCents: 100 }] },
      "data.lines.0.vatRate",
    ],
    ["a payment link that is not http(s)", "invoice", { ...invoiceData, paymentUrl: "javascript:alert(1)" }, "data.paymentUrl"],
    ["a misspelt field", "invoice", { ...invoiceData, duedate: "2026-03-01" }, '"duedate"'],
    ["reminder level 4", "reminder", { ...(SAMPLES.reminder.data as object), level: 4 }, "data.level"],
    ["statement period 2026-13", "statement", { ...(SAMPLES.statement.data as object), period: "2026-13" }, "data.period"],
    ["unknown contract action", "contract", { ...(SAMPLES.contract.data as object), action: "termination" }, "data.action"],
    [
      "credit note without the corrected invoice",
      "credit_note",
      { ...(SAMPLES.credit_note.data as object), invoiceNumber: undefined },
      "data.invoiceNumber",
    ],
    ["no data at all", "payment_confirmation", undefined, "data:"],
  ] as const)("%s → names %s", async (_case, category, data, field) => {
    const error = await renderError(withData(category, data));
    expect(error.status).toBe(422);
    expect(error.code).toBe("invalid_template_data");
    expect(error.message).toContain(field);
    expect(error.message).toContain(`The ${category} template data is invalid`);
  });

  it("says a missing field is required, and lists every problem at once", async () => {
    const error = await renderError(withData("contract", { startDate: "2026-04-01", signUrl: "https://x.example" }));
    expect(error.message).toBe('The contract template data is invalid — data.action: is required; data: Unrecognized key: "signUrl"');
  });

  it("refuses an amount that does not match the lines, and says what the lines total", async () => {
    const error = await renderError(withData("invoice", { ...invoiceData, amountCents: 123456 }));
    expect(error.message).toContain("data.amountCents: is 123456 but the lines total 126545 including VAT (€1,265.45)");
  });
});

describe("missing recipient details", () => {
  it("needs a postal address for a letter, down to the field", async () => {
    const none = await renderError({ ...sampleInput("welcome", "post", "fr"), customer: { ...CUSTOMER, postalAddress: null } });
    expect(none.code).toBe("missing_postal_address");
    expect(none.message).toMatch(/^customer\.postalAddress is required to render a letter: add the customer's postal address/);
    const noCity = await renderError({
      ...sampleInput("welcome", "post", "fr"),
      customer: { ...CUSTOMER, postalAddress: { ...CUSTOMER.postalAddress!, city: " " } },
    });
    expect(noCity.message).toMatch(/^customer\.postalAddress\.city is required/);
  });

  it("needs an e-invoicing id, the buyer's country and invoice lines for an e-invoice", async () => {
    const noId = await renderError({ ...sampleInput("invoice", "einvoice", "fr"), customer: { ...CUSTOMER, einvoiceId: null } });
    expect(noId.code).toBe("missing_einvoice_id");
    expect(noId.message).toContain("customer.einvoiceId is required");
    const noCountry = await renderError({
      ...sampleInput("invoice", "einvoice", "fr"),
      customer: { ...CUSTOMER, postalAddress: null, country: null },
    });
    expect(noCountry.code).toBe("missing_buyer_country");
    expect(noCountry.message).toMatch(/^customer\.country \(or customer\.postalAddress\) is required to render an e-invoice/);
    const noLines = await renderError(withData("invoice", { ...invoiceData, lines: undefined }, "einvoice"));
    expect(noLines.message).toContain("data.lines is required for an e-invoice");
  });

  it("has no template for the manual channel, nor e-invoices outside invoices and credit notes", async () => {
    const manual = await renderError({ ...sampleInput("invoice", "email", "en"), channel: "manual" as never });
    expect(manual.code).toBe("template_not_found");
    const welcome = await renderError(sampleInput("welcome", "einvoice", "en"));
    expect(welcome.message).toContain("There is no einvoice template for welcome");
  });
});

describe("templateDataSchema", () => {
  it("fills defaults: EUR, reminder level 1, quantity 1", () => {
    const parsed = templateDataSchema("reminder").parse({
      amountCents: 1000,
      issueDate: "2026-01-01",
      dueDate: "2026-01-31",
      lines: [{ description: "x", unitPriceCents: 1000, vatRate: 0 }],
    });
    expect(parsed).toMatchObject({ currency: "EUR", level: 1, lines: [{ quantity: 1 }] });
  });

  it("converts to JSON Schema (what the OpenAPI document is generated from) with descriptions and required fields", () => {
    const schema = z.toJSONSchema(templateDataSchema("invoice"), { io: "input" }) as {
      required: string[];
      properties: Record<string, { description?: string }>;
      additionalProperties: boolean;
    };
    expect(schema.required).toEqual(expect.arrayContaining(["amountCents", "issueDate", "dueDate"]));
    expect(schema.required).not.toContain("currency");
    expect(schema.properties.amountCents!.description).toContain("minor unit");
    expect(schema.additionalProperties).toBe(false);
  });
});
