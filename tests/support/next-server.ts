import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

// The one launcher of Herald's production build for the browser suite and the benchmarks:
// `next start` of the build in `.next` (or `npm start` itself) in its own process group on a
// free port, its output kept for failure reports, and two ways to end it — `stop`, SIGTERM
// and wait (Next closes the server, as a deployment stops it), and `kill`, SIGKILL (a crash:
// nothing runs on the way out). No app code here: only Node, so any test or bench may use it.

export type LaunchedProcess = {
  process: ChildProcess;
  pid: number;
  output: () => string;
  /** SIGTERM to the process group; resolves once it exited, rejects if it had to be killed after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
  /** SIGKILL to the process group; resolves once it exited. */
  kill: () => Promise<void>;
};

export type NextServer = LaunchedProcess & { baseUrl: string; port: number };

const launched = new Set<ChildProcess>();
// A test run that ends (or fails) without stopping a server leaves no server behind.
process.once("exit", () => {
  for (const child of launched) signalGroup(child, "SIGKILL");
});

/** Spawns `command` in its own process group and resolves once `ready(output)` holds; rejects if it exits first or times out. */
export async function launch(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; ready: (output: string) => boolean; timeoutMs: number; cwd?: string },
): Promise<LaunchedProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    detached: true,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  launched.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => launched.delete(child));
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const what = `${path.basename(command)} ${args.join(" ")}`;
  await waitUntil(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${what} ended (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
      }
      return options.ready(output);
    },
    options.timeoutMs,
    () => `${what} to be ready:\n${output}`,
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    process: child,
    pid: child.pid!,
    output: () => output,
    stop: async (graceMs = 15_000) => {
      if (!running()) return;
      signalGroup(child, "SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
      const killed = await Promise.race([exited.then(() => false), late]);
      clearTimeout(timer);
      if (!killed) return;
      signalGroup(child, "SIGKILL");
      await exited;
      throw new Error(`${what} did not exit within ${graceMs} ms of SIGTERM and was killed:\n${output.slice(-4_000)}`);
    },
    kill: async () => {
      if (!running()) return;
      signalGroup(child, "SIGKILL");
      await exited;
    },
  };
}

/** `next start` of the build in `<root>/.next`, on a free port of 127.0.0.1, with `env` over this process's environment. */
export async function startNextServer(
  options: { env?: Record<string, string>; root?: string; timeoutMs?: number } = {},
): Promise<NextServer> {
  const root = options.root ?? process.cwd();
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error(`No build in ${root}/.next: the browser suite's global setup (npm start) or the benchmark builds it first`);
  }
  const port = await freePort();
  const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const server = await launch(process.execPath, [nextCli, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...options.env, PORT: String(port) },
    ready: (output) => /Ready in/.test(output),
    timeoutMs: options.timeoutMs ?? 120_000,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // Next loads its handlers after it listens, and the embedded runner starts in register():
  // the first answer means both are up.
  await fetch(`${baseUrl}/api/auth/get-session`);
  return { ...server, baseUrl, port };
}

/**
 * `npm start` as a user runs it (scripts/start.mjs: build check, migrations, demo seed on first
 * run, then the server), on the embedded database in `dataDir`; resolves once it says it is ready.
 */
export function startWithNpm(options: { port: number; dataDir: string; env?: Record<string, string>; timeoutMs?: number }) {
  return launch("npm", ["start"], {
    env: { ...process.env, ...options.env, PORT: String(options.port), HERALD_DATA_DIR: options.dataDir, DATABASE_URL: "" },
    ready: (output) => output.includes("Herald is ready"),
    timeoutMs: options.timeoutMs ?? 8 * 60_000,
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `condition` every 50 ms until it holds; an error it throws ends the wait. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string)) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type TreeProcess = { pid: number; rssKb: number; command: string };

/** A process and all its descendants, from /proc (Linux): resident memory and command line. */
export function processTree(rootPid: number): TreeProcess[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), "stat");
    if (stat === null) continue;
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: TreeProcess[] = [];
  const visit = (pid: number) => {
    const status = readProc(pid, "status");
    if (status !== null) {
      const command = (readProc(pid, "cmdline") ?? "").split("\0").join(" ").trim();
      tree.push({ pid, rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0), command });
    }
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return tree;
}

/** Resident memory of a process and all its descendants, in kB. */
export function treeRssKb(rootPid: number): number {
  return processTree(rootPid).reduce((total, entry) => total + entry.rssKb, 0);
}

/** Whether a process of this id is alive (a zombie is not). */
export function isAlive(pid: number): boolean {
  const stat = readProc(pid, "stat");
  return stat !== null && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch (error) {
    // The process ended between listing and reading: nothing left to count.
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ESRCH") return null;
    throw error;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
