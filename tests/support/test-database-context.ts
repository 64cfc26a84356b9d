// What the integration global setups hand to each test file (vitest provide/inject).
export type TestDatabaseContext =
  { kind: "pglite"; dumpPath: string } | { kind: "postgres"; adminUrl: string; template: string; wsProxy: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseContext;
  }
}

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
