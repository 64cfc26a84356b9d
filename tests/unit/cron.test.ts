import { describe, expect, it } from "vitest";
import { nextCronTime, parseCron } from "@/inngest/cron";

// The embedded runner fires crons at the times Inngest would, from the same expression.
const next = (expression: string, after: string) => nextCronTime(parseCron(expression), new Date(after)).toISOString();

describe("nextCronTime", () => {
  it("runs every quarter of an hour on the quarter, strictly after the given time", () => {
    expect(next("*/15 * * * *", "2026-03-01T10:07:31Z")).toBe("2026-03-01T10:15:00.000Z");
    expect(next("*/15 * * * *", "2026-03-01T10:15:00Z")).toBe("2026-03-01T10:30:00.000Z");
    expect(next("*/15 * * * *", "2026-03-01T23:59:00Z")).toBe("2026-03-02T00:00:00.000Z");
  });

  it("runs a nightly job once a day, reading the expression as UTC with or without TZ=UTC", () => {
    expect(next("TZ=UTC 30 3 * * *", "2026-03-01T02:00:00Z")).toBe("2026-03-01T03:30:00.000Z");
    expect(next("TZ=UTC 30 3 * * *", "2026-03-01T03:30:00Z")).toBe("2026-03-02T03:30:00.000Z");
    expect(next("0 3 * * *", "2026-12-31T04:00:00Z")).toBe("2027-01-01T03:00:00.000Z");
  });

  it("reads lists, ranges and steps, and the day fields as cron does", () => {
    expect(next("0 9-17/4 * * *", "2026-03-01T09:00:00Z")).toBe("2026-03-01T13:00:00.000Z");
    expect(next("0,30 12 * * *", "2026-03-01T12:00:00Z")).toBe("2026-03-01T12:30:00.000Z");
    // 2026-03-02 is a Monday; weekdays 1-5.
    expect(next("0 8 * * 1-5", "2026-02-28T10:00:00Z")).toBe("2026-03-02T08:00:00.000Z");
    // 7 is Sunday too.
    expect(next("0 8 * * 7", "2026-03-02T10:00:00Z")).toBe("2026-03-08T08:00:00.000Z");
    // Both day fields restricted: the 15th or a Monday, whichever comes first.
    expect(next("0 0 15 * 1", "2026-03-03T00:00:00Z")).toBe("2026-03-09T00:00:00.000Z");
    expect(next("0 0 1 */3 *", "2026-03-01T00:00:00Z")).toBe("2026-04-01T00:00:00.000Z");
    expect(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
  });

  it("refuses what it cannot honour instead of running at another time", () => {
    expect(() => parseCron("0 3 * * MON")).toThrow(/unsupported day of week/);
    expect(() => parseCron("TZ=Europe/Paris 0 3 * * *")).toThrow(/only UTC/);
    expect(() => parseCron("0 3 * *")).toThrow(/5 fields/);
    expect(() => parseCron("60 * * * *")).toThrow(/out of range/);
    expect(() => parseCron("*/0 * * * *")).toThrow(/out of range/);
    expect(() => next("0 0 30 2 *", "2026-01-01T00:00:00Z")).toThrow(/never matches/);
  });
});
