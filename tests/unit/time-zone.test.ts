import { describe, expect, it, vi } from "vitest";
import { loadCommunicationsSearchParams } from "@/app/(staff)/communications/search-params";
import { toFilters } from "@/lib/filters/communication-filters";
import { readEnv } from "@/lib/env";
import { addDays, calendarDateIn, datePresetRange, fileStamp, startOfDayIn, startOfMonth, timeZoneProblem } from "@/lib/time-zone";

describe("the staff's time zone", () => {
  it("puts 00:30 Paris time on 1 December on 1 December, though it is still 30 November in UTC", () => {
    const at = new Date("2026-11-30T23:30:00Z");
    expect(calendarDateIn(at, "Europe/Paris")).toBe("2026-12-01");
    expect(calendarDateIn(at, "UTC")).toBe("2026-11-30");
    expect(calendarDateIn(at, "America/New_York")).toBe("2026-11-30");
  });

  it("starts a day at local midnight, in winter and summer time and across the DST changes", () => {
    expect(startOfDayIn("2026-12-01", "Europe/Paris").toISOString()).toBe("2026-11-30T23:00:00.000Z");
    expect(startOfDayIn("2026-07-01", "Europe/Paris").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    // 29 March 2026: clocks go forward at 02:00; midnight is still +01:00.
    expect(startOfDayIn("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDayIn("2026-03-30", "Europe/Paris").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    // 25 October 2026: clocks go back at 03:00.
    expect(startOfDayIn("2026-10-26", "Europe/Paris").toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(startOfDayIn("2026-12-01", "America/New_York").toISOString()).toBe("2026-12-01T05:00:00.000Z");
    expect(startOfDayIn("2026-12-01", "UTC").toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("counts calendar days and months without a time zone", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(startOfMonth("2026-01-15", -1)).toBe("2025-12-01");
    expect(startOfMonth("2026-12-01")).toBe("2026-12-01");
  });

  it("stamps file names with the local time", () => {
    expect(fileStamp(new Date("2026-11-30T23:30:05Z"), "Europe/Paris")).toBe("2026-12-01T00-30-05");
  });

  it("names a misspelt zone and what to write instead", () => {
    expect(timeZoneProblem("Europe/Pari")).toMatch(
      /HERALD_TIME_ZONE "Europe\/Pari" is not a time zone: use an IANA name such as Europe\/Paris/,
    );
    expect(timeZoneProblem("Europe/Brussels")).toBeNull();
    expect(timeZoneProblem(undefined)).toBeNull();
    expect(() => readEnv({ HERALD_TIME_ZONE: "Europe/Pari" })).toThrow(/HERALD_TIME_ZONE "Europe\/Pari" is not a time zone/);
    expect(readEnv({ HERALD_TIME_ZONE: "Europe/Brussels" }).HERALD_TIME_ZONE).toBe("Europe/Brussels");
  });
});

describe("date filters in the staff's time zone", () => {
  const halfPastMidnightInParis = new Date("2026-11-30T23:30:00Z");

  it('"Today" at 00:30 Paris time is 1 December; "Last month" is November', () => {
    expect(datePresetRange("today", halfPastMidnightInParis, "Europe/Paris")).toEqual({ from: "2026-12-01", to: "2026-12-01" });
    expect(datePresetRange("last-month", halfPastMidnightInParis, "Europe/Paris")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(datePresetRange("this-month", halfPastMidnightInParis, "Europe/Paris")).toEqual({ from: "2026-12-01", to: "2026-12-01" });
    expect(datePresetRange("7d", halfPastMidnightInParis, "Europe/Paris")).toEqual({ from: "2026-11-25", to: "2026-12-01" });
    expect(datePresetRange("", halfPastMidnightInParis, "Europe/Paris")).toBeNull();
  });

  it("turns the URL's calendar days into the instants of the staff's days", () => {
    vi.stubEnv("HERALD_TIME_ZONE", "Europe/Paris");
    const filters = toFilters(loadCommunicationsSearchParams({ from: "2026-12-01", to: "2026-12-01" }));
    expect(filters.from?.toISOString()).toBe("2026-11-30T23:00:00.000Z");
    expect(filters.to?.toISOString()).toBe("2026-12-01T22:59:59.999Z");
    vi.unstubAllEnvs();
  });
});
