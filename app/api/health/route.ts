import { connection } from "next/server";

// GET /api/health – liveness for a load balancer or an orchestrator: 200 while this server
// answers requests. It reads nothing (a database outage is not a reason to restart the
// server), so it is also what one request costs on this server with no work in it.
export async function GET() {
  await connection();
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
