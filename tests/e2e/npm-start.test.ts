import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, isAlive, type LaunchedProcess, processTree, startWithNpm, waitUntil } from "../support/next-server";
import { TEST_SANDBOX_SEED } from "../support/provider-requests";

// `npm start` as a user runs it, on the build the suite's global setup made (so nothing is
// built here), with its own embedded database. Once it is ready, npm's only child is the Next
// server: the one-off steps (build check, migrations, seed) have exited and nothing resident
// stands in between. A signal to npm alone — not to its process group — stops the server
// too: no next-server outlives `npm start`, and its record for CLI commands is gone with it.

let dir: string;
const started: LaunchedProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "herald-npm-start-"));
});
afterAll(async () => {
  await Promise.all(started.map((npm) => npm.kill()));
  await rm(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  // The first start seeds the database; the second finds it ready.
  it.each(["SIGTERM", "SIGINT"] as const)(
    "leaves only the Next server under npm, and %s to npm stops it",
    async (signal) => {
      const port = await freePort();
      const npm = await startWithNpm({
        port,
        dataDir: path.join(dir, "pglite"),
        env: { HERALD_SANDBOX_SEED: TEST_SANDBOX_SEED },
        timeoutMs: 180_000,
      });
      started.push(npm);

      const [top, ...below] = processTree(npm.pid);
      expect(top!.command).toMatch(/^npm start/);
      expect(below.map((entry) => entry.command)).toEqual([expect.stringMatching(/^next-server \(v\d/)]);
      const server = below[0]!;
      expect((await fetch(`http://127.0.0.1:${port}/sign-in`)).status).toBe(200);
      const record = path.join(dir, "server.json");
      expect(JSON.parse(readFileSync(record, "utf8"))).toEqual({ pid: server.pid, port });

      const npmExited = new Promise((resolve) => npm.process.once("exit", resolve));
      process.kill(npm.pid, signal);
      await npmExited;
      await waitUntil(() => !isAlive(server.pid), 15_000, `next-server ${server.pid} to exit after ${signal} to npm`);
      expect(existsSync(record)).toBe(false);
    },
    240_000,
  );
});
