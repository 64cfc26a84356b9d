import fc from "fast-check";
import { describe, expect, it, test } from "vitest";

import {
  ATTEMPT_STATUSES,
  type AttemptStatus,
  canTransition,
  compareStatuses,
  foldStatuses,
  nextStatus,
  STATUS_RANK,
  statusesThatMayBecome,
} from "@/lib/status";

// How a status moves: the hand-written spec per pair, then properties over arbitrary
// event streams (reordered, repeated) that webhooks deliver.
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

describe("properties", () => {
  const status = fc.constantFrom(...ATTEMPT_STATUSES);
  const runs = { numRuns: 2000 };

  // A stream, plus the same events reordered with arbitrary duplicates mixed in — what a
  // provider retrying and reordering webhooks delivers.
  const streamAndReplay = fc.array(status, { maxLength: 12 }).chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc.array(fc.nat({ max: Math.max(events.length - 1, 0) }), { maxLength: events.length === 0 ? 0 : 12 }).chain((picks) => {
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
