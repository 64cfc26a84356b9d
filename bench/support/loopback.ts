import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { type Database, migrateDatabase, openDatabase } from "@/db/client";

// Shared by the benchmarks that drive Herald's route handlers over loopback HTTP: a bare
// node:http server in front of the handlers (no `next build` needed), a fresh database
// (in-memory PGlite, or a throwaway database on a real server), and a load generator.

export type RouteHandler = (request: Request) => Promise<Response>;

/** Serves `routes` (exact path → handler) on 127.0.0.1; resolves with its base URL. */
export async function serveRoutes(routes: ReadonlyMap<string, RouteHandler>): Promise<{ base: string; close: () => Promise<void> }> {
  let base = "";
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const piece of req) chunks.push(piece as Buffer);
    const handler = routes.get((req.url ?? "").split("?")[0]!);
    if (!handler) return void res.writeHead(404).end();
    const headers = new Headers(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])));
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
    const response = await handler(new Request(`${base}${req.url}`, { method: req.method, headers, body }));
    res.writeHead(response.status, { "content-type": "application/json" }).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function openBenchDatabase(adminUrl: string | undefined): Promise<{ database: Database; dispose: () => Promise<void>; label: string }> {
  if (!adminUrl) {
    const database = await openDatabase({ driver: "pglite" });
    await migrateDatabase(database);
    return { database, dispose: () => database.close(), label: "in-memory PGlite" };
  }
  const name = `herald_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ driver: "pg", url: url.toString() });
  await migrateDatabase(database);
  const { rows } = await admin.query<{ server_version: string }>("SHOW server_version");
  return {
    database,
    label: `PostgreSQL ${rows[0]?.server_version.split(" ")[0]} (node-postgres)`,
    dispose: async () => {
      await database.close();
      // pool.end() resolves before every socket is gone; give them a moment to say goodbye.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}

export type Prepared = { path: string; body: string; headers: Record<string, string> };

/**
 * A fixed pool of keep-alive connections, each posting the next unsent request as soon as
 * its previous one is answered: every prepared request is sent exactly once. (autocannon
 * was tried first: with multi-second batches it reported requests as sent that never
 * reached the server, which a zero-loss check cannot tolerate.)
 */
export async function postAll(base: string, requests: readonly Prepared[], connections: number) {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < requests.length; index = next++) {
      const { path, headers, body } = requests[index]!;
      const sent = performance.now();
      const response = await fetch(`${base}${path}`, { method: "POST", headers, body }).catch(() => null);
      await response?.arrayBuffer();
      latencies.push(performance.now() - sent);
      if (!response?.ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, requests.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  return { seconds, requests: latencies.length, "requests/s": Number((latencies.length / seconds).toFixed(1)), "p50 ms": at(50), "p95 ms": at(95), "p99 ms": at(99), failed };
}
