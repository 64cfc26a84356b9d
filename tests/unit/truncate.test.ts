import { describe, expect, it } from "vitest";
import { truncateWords } from "@/components/ui/truncate";
import { AUDIT_ACTIONS, auditActionLabel } from "@/lib/audit-actions";

describe("truncateWords", () => {
  it("keeps text that fits", () => expect(truncateWords("Bounced: mailbox full", 40)).toBe("Bounced: mailbox full"));
  it("cuts at the last whole word", () => expect(truncateWords("Print provider unavailable (503) — retried", 20)).toBe("Print provider…"));
  it("keeps a word that ends exactly at the limit", () => expect(truncateWords("mailbox full today", 12)).toBe("mailbox full…"));
  it("cuts a single long token where it must", () => expect(truncateWords("someone.with.a.long.name@example.com", 10)).toBe("someone.wi…"));
});

describe("audit action labels", () => {
  it("has words for every action and shows an unknown code as it is", () => {
    expect(Object.values(AUDIT_ACTIONS).every((label) => /^[A-Z][A-Za-z' ]+$/.test(label))).toBe(true);
    expect(auditActionLabel("bulk_send.started")).toBe("Started a bulk send");
    expect(auditActionLabel("attempt.resend")).toBe("attempt.resend");
  });
});
