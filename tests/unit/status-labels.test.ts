import { describe, expect, it, test } from "vitest";
import { sqlValueList } from "@/db/schema/enums";
import {
  ATTEMPT_STATUSES,
  AWAITING_FEEDBACK_STATUSES,
  CHANNEL_LABELS,
  CHANNEL_NAMES,
  CHANNELS,
  compareStatuses,
  countByQuickFilter,
  defaultChannelLabel,
  FAILURE_CLASS,
  FAILURE_CLASS_LABELS,
  FAILURE_CLASS_NEXT_STEPS,
  FAILURE_CLASSES,
  FAILURE_STATUSES,
  isFailureStatus,
  overviewStatus,
  QUICK_FILTER_KEYS,
  QUICK_FILTERS,
  quickFilterOf,
  STATUS,
  STATUS_LABELS,
  STATUS_RANK,
  statusTone,
} from "@/lib/status";

// What staff see of a status: rank, label, tone, the overview's pick, the quick filters,
// the channel-specific labels and the failure classes — and the named sets the rest uses.

describe("ranks and labels", () => {
  test.each([
    ["queued", 10, "Queued", "neutral"],
    ["manual_required", 15, "Manual required", "warning"],
    ["accepted", 30, "Accepted", "info"],
    ["sent", 40, "Sent", "info"],
    ["delivered", 50, "Delivered", "success"],
    ["failed", 70, "Failed", "danger"],
    ["rejected", 70, "Rejected", "danger"],
  ] as const)("%s has rank %i, label %s, tone %s", (status, rank, label, tone) => {
    expect(STATUS_RANK[status]).toBe(rank);
    expect(STATUS_LABELS[status]).toBe(label);
    expect(statusTone(status)).toBe(tone);
  });

  it("covers exactly the schema's statuses and channels", () => {
    expect(Object.keys(STATUS_RANK).sort()).toEqual([...ATTEMPT_STATUSES].sort());
    expect(CHANNELS).toEqual(["email", "sms", "post", "einvoice", "manual"]);
    expect(CHANNEL_NAMES).toEqual({
      email: "E-mail",
      sms: "SMS",
      post: "Post",
      einvoice: "E-invoice",
      manual: "Manual",
    });
  });

  it("orders statuses by rank, rejected above failed", () => {
    const sorted = [...ATTEMPT_STATUSES].reverse().sort(compareStatuses);
    expect(sorted).toEqual(["queued", "manual_required", "accepted", "sent", "delivered", "failed", "rejected"]);
  });
});

describe("overview status", () => {
  it("is queued when there is no attempt", () => {
    expect(overviewStatus([])).toBe("queued");
  });

  it("is the latest attempt's status even if an earlier one was delivered", () => {
    const attempts = [
      { seq: 2, status: "failed" as const },
      { seq: 1, status: "delivered" as const },
    ];
    expect(overviewStatus(attempts)).toBe("failed");
  });

  it("follows a successful resend after a failure", () => {
    const attempts = [
      { seq: 1, status: "failed" as const },
      { seq: 3, status: "delivered" as const },
      { seq: 2, status: "rejected" as const },
    ];
    expect(overviewStatus(attempts)).toBe("delivered");
    expect(quickFilterOf(overviewStatus(attempts))).toBe("completed");
  });
});

describe("quick filters", () => {
  test.each([
    ["queued", "not_sent"],
    ["manual_required", "not_sent"],
    ["accepted", "completed"],
    ["sent", "completed"],
    ["delivered", "completed"],
    ["failed", "failed"],
    ["rejected", "failed"],
  ] as const)("%s belongs to %s", (status, filter) => {
    expect(quickFilterOf(status)).toBe(filter);
    expect(QUICK_FILTERS[filter].statuses).toContain(status);
    expect(QUICK_FILTERS.all.statuses).toContain(status);
  });

  it("lists the filters in display order with their labels and statuses", () => {
    expect(QUICK_FILTER_KEYS).toEqual(["failed", "not_sent", "completed", "all"]);
    expect(Object.keys(QUICK_FILTERS)).toEqual([...QUICK_FILTER_KEYS]);
    expect(QUICK_FILTERS).toEqual({
      failed: { label: "Failed", statuses: ["failed", "rejected"] },
      not_sent: { label: "Not sent", statuses: ["queued", "manual_required"] },
      completed: { label: "Completed", statuses: ["accepted", "sent", "delivered"] },
      all: { label: "All", statuses: [...ATTEMPT_STATUSES] },
    });
  });

  it("aggregates per-status counts, missing statuses counting zero", () => {
    expect(countByQuickFilter({ queued: 2, manual_required: 1, delivered: 5, sent: 1, failed: 3, rejected: 4 })).toEqual({
      failed: 7,
      not_sent: 3,
      completed: 6,
      all: 16,
    });
    expect(countByQuickFilter({})).toEqual({ failed: 0, not_sent: 0, completed: 0, all: 0 });
  });
});

describe("channel labels", () => {
  test.each([
    ["email", "delivered", "Delivered"],
    ["email", "failed", "Bounced"],
    ["email", "rejected", "Dropped"],
    ["email", "accepted", "Accepted"],
    ["sms", "delivered", "Delivered"],
    ["sms", "failed", "Failed"],
    ["sms", "rejected", "Rejected"],
    ["post", "sent", "Sent"],
    ["post", "delivered", "Delivered"],
    ["post", "failed", "Failed"],
    ["einvoice", "sent", "Sent"],
    ["einvoice", "delivered", "Sent"],
    ["einvoice", "rejected", "Rejected"],
    ["einvoice", "failed", "Rejected"],
    ["manual", "manual_required", "Not sent"],
    ["manual", "sent", "Done"],
    ["email", "queued", "Queued"],
    ["sms", "manual_required", "Manual required"],
  ] as const)("%s + %s shows %s by default", (channel, status, label) => {
    expect(defaultChannelLabel(channel, status)).toBe(label);
  });

  it("offers the design's labels per channel, each tied to its statuses", () => {
    expect(Object.keys(CHANNEL_LABELS.email)).toEqual(["Delivered", "Bounced", "Blocked", "Dropped"]);
    expect(Object.keys(CHANNEL_LABELS.sms)).toEqual(["Delivered", "Failed", "Undelivered"]);
    expect(Object.keys(CHANNEL_LABELS.post)).toEqual(["Sent", "Delivered", "Failed", "Returned"]);
    expect(Object.keys(CHANNEL_LABELS.einvoice)).toEqual(["Sent", "Rejected"]);
    expect(CHANNEL_LABELS.post.Returned).toEqual(["failed"]);
    expect(CHANNEL_LABELS.sms.Undelivered).toEqual(["failed"]);
  });
});

describe("failure classes", () => {
  it("labels every class and says what happens next", () => {
    expect(FAILURE_CLASSES).toEqual(["temporary", "permanent_recipient", "permanent_content"]);
    expect(FAILURE_CLASS_LABELS).toEqual({
      temporary: "Temporary",
      permanent_recipient: "Recipient problem",
      permanent_content: "Content problem",
    });
    expect(FAILURE_CLASS_NEXT_STEPS.temporary).toMatch(/retried/i);
    expect(FAILURE_CLASS_NEXT_STEPS.permanent_recipient).toMatch(/falls back/i);
    expect(FAILURE_CLASS_NEXT_STEPS.permanent_content).toMatch(/not retried or sent elsewhere/i);
  });
});

describe("named sets", () => {
  it("names every value by itself", () => {
    expect(Object.values(STATUS)).toEqual([...ATTEMPT_STATUSES]);
    for (const status of ATTEMPT_STATUSES) expect(STATUS[status]).toBe(status);
    expect(Object.values(FAILURE_CLASS)).toEqual([...FAILURE_CLASSES]);
  });

  it("groups the failures as the Failed quick filter does, and what awaits provider feedback", () => {
    expect(FAILURE_STATUSES).toEqual(QUICK_FILTERS.failed.statuses);
    expect(ATTEMPT_STATUSES.filter(isFailureStatus)).toEqual([...FAILURE_STATUSES]);
    expect(AWAITING_FEEDBACK_STATUSES).toEqual(["accepted", "sent"]);
  });

  it("writes a set as the SQL list of the partial-index predicates in db/migrations", () => {
    expect(sqlValueList(AWAITING_FEEDBACK_STATUSES)).toBe("'accepted', 'sent'");
  });
});
