import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

// `next start` on a free port, as production runs it, in its own process: the benchmark
// process only generates load and measures. Its resident memory (the whole process tree)
// is sampled while it runs.

export type ProductionServer = {
  baseUrl: string;
  /** Peak resident set of the server's process tree since start (or the last reset), MB. */
  peakRssMb: () => number;
  resetPeakRss: () => void;
  /** What the server printed (for a failure report). */
  output: () => string;
  stop: () => Promise<void>;
};

export async function startProductionServer(root: string, env: Record<string, string>): Promise<ProductionServer> {
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(
    server,
    () => /Ready in/.test(output),
    () => output,
    60_000,
  );
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(server.pid!))), 100);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    peakRssMb: () => Math.round(Math.max(peak, treeRssKb(server.pid!)) / 1024),
    resetPeakRss: () => (peak = 0),
    output: () => output,
    stop: async () => {
      clearInterval(sampler);
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    },
  };
}

function waitFor(server: ChildProcess, ready: () => boolean, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`next start was not ready in ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const poll = setInterval(() => ready() && done(), 50);
    const onExit = (code: number | null) => fail(new Error(`next start exited (${code}):\n${output()}`));
    server.once("exit", onExit);
    function done() {
      clearTimeout(timer);
      clearInterval(poll);
      server.off("exit", onExit);
      resolve();
    }
    function fail(error: Error) {
      clearTimeout(timer);
      clearInterval(poll);
      reject(error);
    }
  });
}

/** VmRSS of a process and all its descendants, from /proc (Linux), in kB. */
function treeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended between listing and reading: it has no memory left to count.
    }
  }
  let total = 0;
  const visit = (id: number) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // Ended meanwhile, as above.
    }
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(pid);
  return total;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
