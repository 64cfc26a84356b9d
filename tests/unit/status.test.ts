import fc from "fast-check";
import { describe, expect, it, test } from "vitest";

import {
  ATTEMPT_STATUSES,
  type AttemptStatus,
  canTransition,
  CHANNEL_LABELS,
  CHANNEL_NAMES,
  CHANNELS,
  compareStatuses,
  countByQuickFilter,
  defaultChannelLabel,
  FAILURE_CLASS_LABELS,
  FAILURE_CLASS_NEXT_STEPS,
  FAILURE_CLASSES,
  foldStatuses,
  nextStatus,
  overviewStatus,
  QUICK_FILTER_KEYS,
  QUICK_FILTERS,
  quickFilterOf,
  STATUS_LABELS,
  STATUS_RANK,
  statusesThatMayBecome,
  statusTone,
} from "@/lib/status";

// The spec, written out by hand: for each status, the statuses it may still become.
const ALLOWED: Record<AttemptStatus, AttemptStatus[]> = {
  queued: ["manual_required", "accepted", "sent", "delivered", "failed", "rejected"],
  manual_required: ["accepted", "sent", "delivered", "failed", "rejected"],
  accepted: ["sent", "delivered", "failed", "rejected"],
  sent: ["delivered", "failed", "rejected"],
  delivered: ["failed", "rejected"],
  failed: ["rejected"],
  rejected: [],
};

const allPairs = ATTEMPT_STATUSES.flatMap((from) => ATTEMPT_STATUSES.map((to) => [from, to] as const));

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

describe("transitions", () => {
  test.each(allPairs)("%s → %s follows the spec", (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED[from].includes(to));
    expect(nextStatus(from, to)).toBe(ALLOWED[from].includes(to) ? to : from);
  });

  it("treats a duplicate event as a no-op", () => {
    for (const status of ATTEMPT_STATUSES) expect(nextStatus(status, status)).toBe(status);
  });

  it("lets a late failure replace delivered", () => {
    expect(nextStatus("delivered", "failed")).toBe("failed");
    expect(nextStatus("delivered", "rejected")).toBe("rejected");
    expect(foldStatuses("queued", ["accepted", "delivered", "failed"])).toBe("failed");
  });

  it("ignores anything after rejected", () => {
    for (const status of ATTEMPT_STATUSES) expect(nextStatus("rejected", status)).toBe("rejected");
  });

  it("ignores everything but rejected after failed", () => {
    for (const status of ATTEMPT_STATUSES.filter((s) => s !== "rejected")) {
      expect(nextStatus("failed", status)).toBe("failed");
    }
  });

  it("breaks the rank-70 tie the same way in either order", () => {
    expect(nextStatus("rejected", "failed")).toBe("rejected");
    expect(nextStatus("failed", "rejected")).toBe("rejected");
    expect(foldStatuses("queued", ["failed", "rejected"])).toBe(foldStatuses("queued", ["rejected", "failed"]));
  });

  it("never moves down: a late accepted after sent is ignored", () => {
    expect(foldStatuses("queued", ["sent", "accepted", "delivered", "sent"])).toBe("delivered");
  });

  test.each(ATTEMPT_STATUSES)("statusesThatMayBecome(%s) lists exactly the allowed sources", (to) => {
    const expected = ATTEMPT_STATUSES.filter((from) => ALLOWED[from].includes(to));
    expect(statusesThatMayBecome(to)).toEqual(expected);
  });

  it("folds an empty stream to the initial status", () => {
    expect(foldStatuses("accepted", [])).toBe("accepted");
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

describe("properties", () => {
  const status = fc.constantFrom(...ATTEMPT_STATUSES);
  const runs = { numRuns: 2000 };

  // A stream, plus the same events reordered with arbitrary duplicates mixed in — what a
  // provider retrying and reordering webhooks delivers.
  const streamAndReplay = fc.array(status, { maxLength: 12 }).chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc
        .array(fc.nat({ max: Math.max(events.length - 1, 0) }), { maxLength: events.length === 0 ? 0 : 12 })
        .chain((picks) => {
          const withDuplicates = [...events, ...picks.map((i) => events[i] as AttemptStatus)];
          return fc.shuffledSubarray(withDuplicates, {
            minLength: withDuplicates.length,
            maxLength: withDuplicates.length,
          });
        }),
    ),
  );

  it("folds any reordering with duplicates to the same status", () => {
    fc.assert(
      fc.property(status, streamAndReplay, (initial, [events, replay]) => {
        expect(foldStatuses(initial, replay)).toBe(foldStatuses(initial, events));
      }),
      runs,
    );
  });

  it("folds to the maximum of the initial status and the stream under the total order", () => {
    fc.assert(
      fc.property(status, fc.array(status, { maxLength: 20 }), (initial, events) => {
        const max = [initial, ...events].reduce((a, b) => (compareStatuses(b, a) > 0 ? b : a));
        expect(foldStatuses(initial, events)).toBe(max);
      }),
      runs,
    );
  });

  it("ends at rank 70 once any failure arrived, and at rejected if any rejection did", () => {
    fc.assert(
      fc.property(fc.array(status, { maxLength: 20 }), (events) => {
        const folded = foldStatuses("queued", events);
        if (events.includes("rejected")) expect(folded).toBe("rejected");
        else if (events.includes("failed")) expect(folded).toBe("failed");
        else expect(STATUS_RANK[folded]).toBeLessThanOrEqual(50);
      }),
      runs,
    );
  });

  it("matches the database's conditional update applied event by event", () => {
    fc.assert(
      fc.property(status, fc.array(status, { maxLength: 20 }), (initial, events) => {
        let stored = initial;
        for (const incoming of events) {
          if (statusesThatMayBecome(incoming).includes(stored)) stored = incoming;
        }
        expect(stored).toBe(foldStatuses(initial, events));
      }),
      runs,
    );
  });

  it("makes canTransition a strict total order", () => {
    for (const [a, b] of allPairs) {
      if (a === b) expect(canTransition(a, b)).toBe(false);
      else expect(canTransition(a, b)).not.toBe(canTransition(b, a));
      for (const c of ATTEMPT_STATUSES) {
        if (canTransition(a, b) && canTransition(b, c)) expect(canTransition(a, c)).toBe(true);
      }
    }
  });
});
