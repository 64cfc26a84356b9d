import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships its own WASM and data files: load it from node_modules at runtime
  // instead of bundling it.
  serverExternalPackages: ["@electric-sql/pglite"],
  typedRoutes: true,
  // forbidden() for a signed-in staff member whose role is too low (app/forbidden.tsx).
  experimental: { authInterrupts: true },
  // Read by lib/format.ts on the server and in the browser alike.
  env: { HERALD_TIME_ZONE: process.env.HERALD_TIME_ZONE || "Europe/Paris" },
};

export default nextConfig;
