import http from "node:http";
import type { AddressInfo } from "node:net";
import { encodeRequest, openConnection } from "./raw-http";

// Shared by the benchmarks that drive Herald's route handlers over loopback HTTP: a bare
// node:http server in front of the handlers (no `next build` needed) and a load generator.

export type RouteHandler = (request: Request) => Promise<Response>;

/** Serves `routes` (exact path → handler) on 127.0.0.1; resolves with its base URL. */
export async function serveRoutes(routes: ReadonlyMap<string, RouteHandler>): Promise<{ base: string; close: () => Promise<void> }> {
  let base = "";
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const piece of req) chunks.push(piece as Buffer);
    const handler = routes.get((req.url ?? "").split("?")[0]!);
    if (!handler) return void res.writeHead(404).end();
    const headers = new Headers(
      Object.entries(req.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])),
    );
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
    const response = await handler(new Request(`${base}${req.url}`, { method: req.method, headers, body }));
    res.writeHead(response.status, { "content-type": "application/json" }).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A request to send as it is: POST with its body, or GET (`method: "GET"`, body ignored). */
export type Prepared = { path: string; body: string; headers: Record<string, string>; method?: "GET" | "POST" };

/**
 * A fixed pool of keep-alive connections, each posting the next unsent request as soon as
 * its previous one is answered: every prepared request is sent exactly once. The requests
 * are encoded before the clock starts, and written over bare sockets (bench/support/raw-http.ts):
 * the load generator spends as little CPU as it can, which the server then has. (autocannon
 * was tried first: with multi-second batches it reported requests as sent that never
 * reached the server, which a zero-loss check cannot tolerate.)
 */
export async function postAll(base: string, requests: readonly Prepared[], connections: number) {
  const host = new URL(base).host;
  const encoded = requests.map(({ path, headers, body, method = "POST" }) => encodeRequest(host, { method, path, headers, body }));
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    let connection: Awaited<ReturnType<typeof openConnection>> | null = null;
    for (let index = next++; index < encoded.length; index = next++) {
      const sent = performance.now();
      try {
        connection ??= await openConnection(base);
        const { status } = await connection.send(encoded[index]!);
        if (status < 200 || status >= 300) failed++;
      } catch {
        // A refused or dropped connection fails this request; the next one opens a new connection.
        failed++;
        connection = null;
      }
      latencies.push(performance.now() - sent);
    }
    connection?.close();
  };
  await Promise.all(Array.from({ length: Math.min(connections, requests.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  return {
    seconds,
    requests: latencies.length,
    "requests/s": Number((latencies.length / seconds).toFixed(1)),
    "p50 ms": at(50),
    "p95 ms": at(95),
    "p99 ms": at(99),
    failed,
  };
}
