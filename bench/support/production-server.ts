import { type NextServer, startNextServer, treeRssKb } from "@/tests/support/next-server";

// `next start` on a free port, as production runs it, in its own process (the launcher of
// tests/support/next-server.ts): the benchmark process only generates load and measures.
// Its resident memory (the whole process tree) is sampled while it runs.

export type ProductionServer = Pick<NextServer, "baseUrl" | "output"> & {
  /** Peak resident set of the server's process tree since start (or the last reset), MB. */
  peakRssMb: () => number;
  resetPeakRss: () => void;
  stop: () => Promise<void>;
};

export async function startProductionServer(root: string, env: Record<string, string>): Promise<ProductionServer> {
  const server = await startNextServer({ root, env, timeoutMs: 60_000 });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(server.pid))), 100);
  return {
    baseUrl: server.baseUrl,
    output: server.output,
    peakRssMb: () => Math.round(Math.max(peak, treeRssKb(server.pid)) / 1024),
    resetPeakRss: () => (peak = 0),
    stop: async () => {
      clearInterval(sampler);
      await server.stop();
    },
  };
}
