import type { Category, SubjectType } from "@/db/schema/enums";

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
