import { describe, expect, it } from "vitest";
import { safeReturnTo } from "@/app/return-to";
import { hasRole, STAFF_ROLES } from "@/lib/auth/roles";

describe("roles", () => {
  it("each role includes every role before it and nothing after", () => {
    expect(STAFF_ROLES).toEqual(["viewer", "operator", "admin"]);
    const table = STAFF_ROLES.map((role) => STAFF_ROLES.map((minimum) => hasRole(role, minimum)));
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });
});

describe("returning after sign-in", () => {
  it.each([
    ["/communications?quick=failed", "/communications?quick=failed"],
    ["/admin/api-keys", "/admin/api-keys"],
    ["//evil.example/path", "/communications"],
    ["/\\evil.example", "/communications"],
    ["https://evil.example", "/communications"],
    [undefined, "/communications"],
    [["/a", "/b"], "/communications"],
  ])("%j → %s", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
