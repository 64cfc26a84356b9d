import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appRoleSql } from "@/db/app-role";

// docs/deployment.md shows the SQL that creates the app role; it must be exactly what
// `npm run db:app-role` prints, so the page never drifts from the script.

describe("docs/deployment.md", () => {
  it("shows the app role SQL that npm run db:app-role prints", () => {
    const page = readFileSync(path.join(process.cwd(), "docs", "deployment.md"), "utf8");
    const block = /```sql\n([\s\S]*?)```/.exec(page)?.[1];
    expect(block).toBe(appRoleSql());
  });

  it("refuses a role name that is not a plain identifier", () => {
    expect(() => appRoleSql("herald_app; DROP TABLE attempts")).toThrow(/not a plain Postgres role name/);
    expect(appRoleSql("herald_app_eu")).toContain("GRANT USAGE ON SCHEMA public TO herald_app_eu;");
  });
});
