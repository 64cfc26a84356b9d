import type { Category, SubjectType } from "@/db/schema/enums";

// The English names, for downloads and API-side text; the staff UI shows the catalogue's
// `category.*` and `subjectType.*` in the staff member's language.

export const CATEGORY_LABELS: Record<Category, string> = {
  invoice: "Invoice",
  reminder: "Reminder",
  payment_confirmation: "Payment confirmation",
  statement: "Statement",
  contract: "Contract",
  credit_note: "Credit note",
  welcome: "Welcome",
};

export const SUBJECT_TYPE_LABELS: Record<SubjectType, string> = {
  invoice: "Invoice",
  customer: "Customer",
  contract: "Contract",
};

/** Every category, in display order. */
export const CATEGORIES = Object.keys(CATEGORY_LABELS) as Category[];
