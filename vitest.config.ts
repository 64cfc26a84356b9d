import net from "node:net";
import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Three projects: pure logic, and the integration suite twice — once on embedded PGlite,
// once on the machine's real Postgres through the Neon driver (the production driver).
// Under CI=true the Postgres run is mandatory; elsewhere it is left out, loudly, when no
// Postgres answers (a fresh laptop can still run `npm test`).
const postgresUrl = new URL(process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const isCI = process.env.CI === "true";

export default defineConfig(async () => {
  const integration = (name: string, globalSetup: string): TestProjectInlineConfiguration => ({
    extends: true,
    test: {
      name,
      include: ["tests/integration/**/*.test.ts"],
      globalSetup: [globalSetup],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
  const projects: TestProjectInlineConfiguration[] = [
    { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
    integration("integration:pglite", "tests/support/global-setup-pglite.ts"),
  ];
  if (isCI || (await isReachable(postgresUrl))) {
    projects.push(integration("integration:postgres-neon", "tests/support/global-setup-postgres.ts"));
  } else {
    console.warn(
      `\n⚠ integration:postgres-neon NOT RUN: no Postgres at ${postgresUrl.host} (set TEST_POSTGRES_URL). CI=true makes it mandatory.\n`,
    );
  }
  return {
    resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
    test: { projects },
  };
});

function isReachable(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000);
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
    socket.once("timeout", () => finish(false));
  });
}
