import { describe, expect, it } from "vitest";
import { fallbackTarget, noFallbackReason } from "@/lib/sending/fallback-rule";

// The fallback decision shared by the engine (lib/sending/fall-back.ts) and the demo seed.

const plan = [{ channel: "email" as const }, { channel: "sms" as const }, { channel: "post" as const }];

describe("noFallbackReason", () => {
  it("falls back from recipient and temporary failures only", () => {
    expect(noFallbackReason({ status: "failed", failureClass: "permanent_recipient" })).toBeNull();
    expect(noFallbackReason({ status: "rejected", failureClass: "temporary" })).toBeNull();
    expect(noFallbackReason({ status: "failed", failureClass: "permanent_content" })).toBe("the content needs a fix; no fallback");
    expect(noFallbackReason({ status: "delivered", failureClass: null })).toBe("attempt is delivered, not failed");
  });
});

describe("fallbackTarget", () => {
  it("takes the plan's next channel that has not failed in the communication", () => {
    expect(fallbackTarget({ plan, failedChannel: "email", attempts: [{ channel: "email", status: "failed" }] })).toEqual({
      next: { channel: "sms" },
    });
    const smsFailedBefore = [
      { channel: "sms" as const, status: "rejected" as const },
      { channel: "email" as const, status: "failed" as const },
    ];
    expect(fallbackTarget({ plan, failedChannel: "email", attempts: smsFailedBefore })).toEqual({ next: { channel: "post" } });
  });

  it("says why it needs a hand when no channel is left", () => {
    const attempts = [
      { channel: "email" as const, status: "failed" as const },
      { channel: "post" as const, status: "failed" as const },
    ];
    expect(fallbackTarget({ plan, failedChannel: "post", attempts, manualMessage: "No usable contact details: no mobile number" })).toEqual(
      {
        manualReason:
          "No channel left after E-mail, Post failed; No usable contact details: no mobile number — deliver it by hand or fix the contact details and resend",
      },
    );
  });
});
