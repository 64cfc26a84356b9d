import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/cursor";

// Page cursors in the URL (lib/cursor.ts): a date keyset, or a similarity keyset for a
// ranked search; anything else is refused so an edited link starts at page one.
describe("cursor", () => {
  const id = "0b6f4a4e-8c9b-4f43-9d4c-2f6a1e0c7b11";

  it("round-trips a date cursor and a similarity cursor, URL-safe", () => {
    const at = new Date("2026-11-20T12:34:56.789Z");
    expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id });
    // 0.8333333 is how Postgres prints a real; it must come back as the same number.
    const ranked = encodeCursor({ rank: 0.8333333, id });
    expect(ranked).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(ranked)).toEqual({ rank: 0.8333333, id });
  });

  it("refuses what it did not issue", () => {
    for (const value of [undefined, "", "not a cursor!", btoa(`~2|${id}`), btoa(`~0.5|nope`), btoa(`yesterday|${id}`)]) {
      expect(decodeCursor(value), String(value)).toBeNull();
    }
  });
});
