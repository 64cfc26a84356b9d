import { fork } from "node:child_process";
import path from "node:path";
import type { Prepared, postAll } from "./loopback";

// Load from another process: a forked child (bench/support/load-child.ts) posts prepared
// requests over keep-alive connections and reports what postAll measured.

export type LoadResult = Awaited<ReturnType<typeof postAll>>;

export type LoadGenerator = { post: (base: string, requests: Prepared[], connections: number) => Promise<LoadResult>; stop: () => void };

export function startLoadGenerator(root: string): LoadGenerator {
  const child = fork(path.join(root, "bench", "support", "load-child.ts"), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve: (result: LoadResult) => void; reject: (error: Error) => void }>();
  let next = 0;
  child.on("message", (message: { id: number; result?: LoadResult; error?: string }) => {
    const job = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) job?.reject(new Error(`load generator: ${message.error}`));
    else job?.resolve(message.result!);
  });
  child.on("exit", (code) => {
    for (const job of waiting.values()) job.reject(new Error(`load generator exited (${code})`));
    waiting.clear();
  });
  return {
    post: (base, requests, connections) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        child.send({ id, base, requests, connections });
      }),
    stop: () => {
      if (child.connected) child.disconnect();
    },
  };
}
