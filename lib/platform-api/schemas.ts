import { z } from "zod";
import { categoryEnum, channelEnum, subjectTypeEnum } from "@/db/schema/enums";
import { HeraldError } from "@/lib/errors";
import { TEMPLATE_LOCALES } from "@/lib/templates/locale";
import { checkedJson, text } from "@/lib/safe-text";

// The platform API's request bodies. The OpenAPI document (lib/platform-api/openapi.ts)
// is generated from these same schemas, so the documentation cannot drift from what the
// routes accept. Every string is text() and template data checkedJson() (lib/safe-text.ts):
// a NUL character or a `__proto__` key is a 422 naming the field, never a 500 or a silent drop.

/** Bodies above this are refused before parsing (documents travel base64-encoded). */
export const MAX_API_BODY_BYTES = 10 * 1024 * 1024;

const postalAddress = z
  .object({
    name: text().trim().max(200).optional(),
    line1: text().trim().min(1).max(200),
    line2: text().trim().max(200).optional(),
    postalCode: text().trim().min(1).max(20),
    city: text().trim().min(1).max(100),
    country: text().trim().length(2, "country is an ISO 3166-1 alpha-2 code, e.g. FR"),
  })
  .strict();

const customerReference = text().trim().min(1).max(100).describe("The billing platform's own customer reference.");

const inlineCustomer = z
  .object({
    reference: customerReference,
    name: text().trim().min(1).max(200),
    locale: z
      .enum(TEMPLATE_LOCALES)
      .optional()
      .describe(
        "The customer's language for its messages; a new customer without one gets its country's (BE, NL: nl; FR, LU: fr; else en).",
      ),
    country: text().trim().length(2).optional(),
    locationGroup: text().trim().max(100).optional(),
    email: text().trim().max(320).optional(),
    mobile: text().trim().max(40).optional(),
    postalAddress: postalAddress.optional(),
    einvoiceId: text().trim().max(140).optional().describe("Peppol participant id (scheme:value) or SIRET."),
    isPublicSector: z.boolean().optional(),
  })
  .strict()
  .describe("Creates the customer, or updates its contact details, by reference.");

const documentInput = z
  .object({
    filename: text()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^/\\]+$/, "filename must not contain a path"),
    contentType: text().trim().min(3).max(100),
    contentBase64: z.base64().min(1),
  })
  .strict();

export const createCommunicationBody = z
  .object({
    subject: z.object({ type: z.enum(subjectTypeEnum.enumValues), reference: text().trim().min(1).max(100) }).strict(),
    customer: z.union([z.object({ reference: customerReference }).strict(), inlineCustomer]),
    category: z.enum(categoryEnum.enumValues),
    templateData: checkedJson(z.record(z.string(), z.unknown()).default({})),
    documents: z.array(documentInput).max(10).default([]),
    channel: z
      .enum(channelEnum.enumValues.filter((channel) => channel !== "manual") as ["email", "sms", "post", "einvoice"])
      .optional()
      .describe("Send on this channel only (no fallback elsewhere); opt-outs still apply."),
  })
  .strict();

export type CreateCommunicationBody = z.infer<typeof createCommunicationBody>;

export const resendBody = z
  .object({ attemptId: z.guid().optional().describe("The attempt to repeat; default: the communication's latest attempt.") })
  .strict();

export const bulkSendBody = z.object({ communicationIds: z.array(z.guid()).min(1).max(10_000) }).strict();

const idParam = z.guid();

/** An id from the URL path; anything but a UUID cannot exist, so it answers 404. */
export function parseIdParam(value: string, what: "communication" | "bulk send" | "attempt"): string {
  const parsed = idParam.safeParse(value);
  if (!parsed.success) throw new HeraldError(404, `${what.replace(" ", "_")}_not_found`, `"${value}" is not a ${what} id (a UUID)`);
  return parsed.data;
}
