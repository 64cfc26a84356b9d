import { describe, expect, it } from "vitest";
import { formatDay, parseTypedDate, typedDateLooksComplete } from "@/lib/date-input";

describe("typed days in the sent-between filter", () => {
  it("reads the ISO form the URL carries, and en-GB day-first forms", () => {
    expect(parseTypedDate("2026-11-20")).toBe("2026-11-20");
    expect(parseTypedDate(" 2026-1-5 ")).toBe("2026-01-05");
    expect(parseTypedDate("20/11/2026")).toBe("2026-11-20");
    expect(parseTypedDate("20.11.2026")).toBe("2026-11-20");
    expect(parseTypedDate("20-11-2026")).toBe("2026-11-20");
    // Day first, as staff read it: 3 April, not 4 March.
    expect(parseTypedDate("3/4/2026")).toBe("2026-04-03");
  });

  it("reads month names, short, long and en-GB's Sept", () => {
    expect(parseTypedDate("20 Nov 2026")).toBe("2026-11-20");
    expect(parseTypedDate("20 november 2026")).toBe("2026-11-20");
    expect(parseTypedDate("1st Dec 2026")).toBe("2026-12-01");
    expect(parseTypedDate("30 Sept 2026")).toBe("2026-09-30");
    expect(parseTypedDate("Nov 20, 2026")).toBe("2026-11-20");
  });

  it("refuses days that do not exist and texts that are not dates", () => {
    expect(parseTypedDate("31/02/2026")).toBeNull();
    expect(parseTypedDate("29/02/2026")).toBeNull();
    expect(parseTypedDate("29/02/2028")).toBe("2028-02-29");
    expect(parseTypedDate("2026-13-01")).toBeNull();
    expect(parseTypedDate("00/11/2026")).toBeNull();
    expect(parseTypedDate("20 Nv 2026")).toBeNull();
    expect(parseTypedDate("20 Ju 2026")).toBeNull();
    expect(parseTypedDate("20/11/26")).toBeNull();
    expect(parseTypedDate("yesterday")).toBeNull();
    expect(parseTypedDate("")).toBeNull();
  });

  it("shows a day in en-GB whatever the machine's zone", () => {
    expect(formatDay("2026-11-20")).toBe("20 Nov 2026");
    expect(formatDay("2026-01-01")).toBe("1 Jan 2026");
    expect(parseTypedDate(formatDay("2026-09-30"))).toBe("2026-09-30");
  });

  it("applies a day while typing only once its year is typed", () => {
    expect(typedDateLooksComplete("2026-11-20")).toBe(true);
    expect(typedDateLooksComplete("20/11/2026")).toBe(true);
    expect(typedDateLooksComplete("20 Nov 2026")).toBe(true);
    // A real day, but likely the start of 2026-11-20.
    expect(typedDateLooksComplete("2026-11-2")).toBe(false);
    expect(typedDateLooksComplete("20/11/202")).toBe(false);
    expect(typedDateLooksComplete("2026")).toBe(false);
  });

  it("shows and reads days in Dutch and French too, English month names still accepted", () => {
    expect(formatDay("2026-12-01", "nl")).toBe("1 dec 2026");
    expect(formatDay("2026-12-01", "fr")).toBe("1 déc. 2026");
    expect(parseTypedDate("1 déc. 2026", "fr")).toBe("2026-12-01");
    expect(parseTypedDate("1er décembre 2026", "fr")).toBe("2026-12-01");
    expect(parseTypedDate("20 fevrier 2026", "fr")).toBe("2026-02-20");
    expect(parseTypedDate("5 mei 2026", "nl")).toBe("2026-05-05");
    expect(parseTypedDate("2 maart 2026", "nl")).toBe("2026-03-02");
    expect(parseTypedDate("20 Nov 2026", "nl")).toBe("2026-11-20");
    // "jui" starts juin and juillet: no guess.
    expect(parseTypedDate("4 jui 2026", "fr")).toBeNull();
    // A Dutch month is not read on an English page.
    expect(parseTypedDate("5 mei 2026", "en")).toBeNull();
    for (const locale of ["en", "nl", "fr"] as const) {
      for (const day of ["2026-01-15", "2026-06-10", "2026-07-04", "2026-09-30", "2026-12-31"]) {
        expect(parseTypedDate(formatDay(day, locale), locale)).toBe(day);
      }
    }
  });
});
