import net from "node:net";
import os from "node:os";
import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { chromiumPath, isCI, postgresUrl, shouldRunBrowserSuite } from "./tests/support/environment";

// Five projects: pure logic; the integration suite twice — once on embedded PGlite, once
// on the machine's real Postgres through the Neon driver (the production driver); and the
// browser suite in Debian's Chromium against the app started by `npm start` (in two
// projects: the files that share that server, and those that start their own).
// Under CI=true Postgres and Chromium are mandatory; elsewhere a suite whose service is
// missing is left out, loudly (a fresh laptop can still run `npm test`).

// Fails a test file that reads outside the repository (a clone must stand alone).
const CONFINE_READS = "tests/support/confine-reads.ts";
// Browser files that start servers of their own rather than use the suite's shared one.
const OWN_SERVER_FILES = ["tests/e2e/npm-start.test.ts", "tests/e2e/crash-recovery.test.ts", "tests/e2e/instances.test.ts"];

export default defineConfig(async () => {
  // `*.pg.test.ts` files are real-Postgres only (query plans at scale).
  const integration = (name: string, globalSetup: string, exclude: string[] = []): TestProjectInlineConfiguration => ({
    extends: true,
    test: {
      name,
      include: ["tests/integration/**/*.test.ts"],
      exclude,
      globalSetup: [globalSetup],
      setupFiles: [CONFINE_READS],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
  const projects: TestProjectInlineConfiguration[] = [
    { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", setupFiles: [CONFINE_READS] } },
    integration("integration:pglite", "tests/support/global-setup-pglite.ts", ["tests/integration/**/*.pg.test.ts"]),
  ];
  if (isCI || (await isReachable(postgresUrl))) {
    projects.push(integration("integration:postgres-neon", "tests/support/global-setup-postgres.ts"));
  } else {
    console.warn(
      `\n⚠ integration:postgres-neon NOT RUN: no Postgres at ${postgresUrl.host} (set TEST_POSTGRES_URL). CI=true makes it mandatory.\n`,
    );
  }
  if (shouldRunBrowserSuite()) {
    const browser = (name: string, include: string[], exclude: string[], globalSetup: string): TestProjectInlineConfiguration => ({
      extends: true,
      test: {
        name,
        include,
        exclude,
        globalSetup: [globalSetup],
        // Files run one after another: on the shared server so that one file's sends never
        // change the counts another file is reading, and the others because each starts
        // servers of its own.
        fileParallelism: false,
        testTimeout: 60_000,
        hookTimeout: 10 * 60_000,
      },
    });
    // The files that start their own servers on their own databases share nothing with the
    // rest, so `npm test` runs the two projects side by side (scripts/test.ts).
    projects.push(
      browser("e2e", ["tests/e2e/**/*.test.ts"], OWN_SERVER_FILES, "tests/e2e/support/global-setup.ts"),
      browser("e2e:own-servers", OWN_SERVER_FILES, [], "tests/e2e/support/global-setup-build.ts"),
    );
  } else {
    console.warn(`\n⚠ e2e NOT RUN: no Chromium at ${chromiumPath} (apt-get install chromium). CI=true makes it mandatory.\n`);
  }
  return {
    resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
    // Vitest's default is one worker less than the cores: one worker on a 2-core machine. The
    // integration files spend most of their time waiting on a database, so a worker per core
    // keeps both busy (CI: 581 s instead of 847 s on 2 cores).
    // Worker threads, not forked processes: a file starts in a thread of a running process
    // instead of a new Node, and PGlite's WebAssembly is compiled once per process rather than
    // once per file (a sample of 24 integration files: 99 s instead of 140 s).
    test: { projects, pool: "threads", maxWorkers: Math.max(2, os.availableParallelism() - 1) },
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
