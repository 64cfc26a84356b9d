import pg from "pg";

// How long the inbox takes to apply what it acknowledged: polls provider_events (the bench
// database holds only this run's events) every few milliseconds from the bench process, and
// notes for each new row when it was first seen beside when its request reached the server
// (received_at, written by the server's clock — the same machine's). Latency is therefore
// measured to within one poll (≈ 5 ms plus the query).

const POLL_MS = 5;

export type AppliedWatch = {
  /** Starts counting from the rows stored now. */
  mark: () => Promise<void>;
  /** Resolves once `events` more rows than at the mark are stored: when, and each one's receipt-to-seen latency. */
  until: (events: number, timeoutMs?: number) => Promise<{ appliedAt: number; latenciesMs: number[] }>;
  close: () => Promise<void>;
};

export async function watchApplied(url: string): Promise<AppliedWatch> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const latest = async () =>
    Number((await client.query<{ id: string | null }>("SELECT max(id) AS id FROM provider_events")).rows[0]?.id ?? 0);
  let lastId = await latest();
  return {
    mark: async () => void (lastId = await latest()),
    until: async (events, timeoutMs = 120_000) => {
      const latenciesMs: number[] = [];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await client.query<{ id: string; received_ms: string }>(
          "SELECT id, (extract(epoch FROM received_at) * 1000)::float8 AS received_ms FROM provider_events WHERE id > $1 ORDER BY id",
          [lastId],
        );
        const seenAt = Date.now();
        for (const row of rows) {
          latenciesMs.push(seenAt - Number(row.received_ms));
          lastId = Math.max(lastId, Number(row.id));
        }
        if (latenciesMs.length >= events) return { appliedAt: performance.now(), latenciesMs };
        if (Date.now() > deadline) throw new Error(`only ${latenciesMs.length} of ${events} events applied after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    close: () => client.end(),
  };
}
