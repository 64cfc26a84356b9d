import { describe, expect, it } from "vitest";
import { resolveDatabaseConfig, resolveMigrationConfig } from "@/db/client";

describe("resolveDatabaseConfig (docs/architecture.md §3, driver choice)", () => {
  it("uses embedded PGlite without DATABASE_URL, also when it is set but empty", () => {
    expect(resolveDatabaseConfig({})).toEqual({ driver: "pglite", dataDir: ".data/pglite" });
    expect(resolveDatabaseConfig({ DATABASE_URL: "", HERALD_DATA_DIR: "/srv/herald" })).toEqual({
      driver: "pglite",
      dataDir: "/srv/herald",
    });
  });

  it("uses the Neon driver for a Neon host or when forced, node-postgres otherwise", () => {
    expect(resolveDatabaseConfig({ DATABASE_URL: "postgresql://u:p@ep-1.eu-central-1.aws.neon.tech/db" }).driver).toBe("neon");
    expect(resolveDatabaseConfig({ DATABASE_URL: "postgres://u@db.internal:5432/herald" }).driver).toBe("pg");
    expect(
      resolveDatabaseConfig({ DATABASE_URL: "postgres://u@127.0.0.1/h", DATABASE_DRIVER: "neon", NEON_WS_PROXY: "localhost:4444/v1" }),
    ).toEqual({ driver: "neon", url: "postgres://u@127.0.0.1/h", wsProxy: "localhost:4444/v1" });
  });

  it("refuses a URL that is not Postgres, naming the variable", () => {
    expect(() => resolveDatabaseConfig({ DATABASE_URL: "mysql://u@h/db" })).toThrow(/DATABASE_URL must be a postgres/);
    expect(() => resolveDatabaseConfig({ DATABASE_URL: "postgres://u@h/db", DATABASE_DRIVER: "sqlite" })).toThrow(/DATABASE_DRIVER/);
  });
});

describe("resolveMigrationConfig (docs/deployment.md, database roles)", () => {
  const APP = "postgresql://herald_app:p@ep-1.eu-central-1.aws.neon.tech/herald";
  const OWNER = "postgresql://herald_owner:q@ep-1.eu-central-1.aws.neon.tech/herald";

  it("migrates as DATABASE_MIGRATION_URL's role, on the app's driver; without it as DATABASE_URL's", () => {
    expect(resolveMigrationConfig({ DATABASE_URL: APP, DATABASE_MIGRATION_URL: OWNER })).toEqual({ driver: "neon", url: OWNER });
    expect(resolveMigrationConfig({ DATABASE_URL: APP })).toEqual({ driver: "neon", url: APP });
    expect(resolveMigrationConfig({ DATABASE_URL: APP, DATABASE_MIGRATION_URL: "" })).toEqual({ driver: "neon", url: APP });
  });

  it("leaves the embedded database as it is, and refuses an owner URL without an app URL", () => {
    expect(resolveMigrationConfig({})).toEqual(resolveDatabaseConfig({}));
    expect(() => resolveMigrationConfig({ DATABASE_MIGRATION_URL: OWNER })).toThrow(/set DATABASE_URL to the app role's URL/);
    expect(() => resolveMigrationConfig({ DATABASE_URL: APP, DATABASE_MIGRATION_URL: "mysql://x@h/db" })).toThrow(
      /DATABASE_MIGRATION_URL must be a postgres/,
    );
  });
});
