import type { NextConfig } from "next";
import { DEFAULT_TIME_ZONE, timeZoneProblem } from "./lib/time-zone";

// A misspelt zone stops the build and the server with its name, not a RangeError later.
const timeZoneError = timeZoneProblem(process.env.HERALD_TIME_ZONE);
if (timeZoneError) throw new Error(timeZoneError);

const nextConfig: NextConfig = {
  // PGlite ships its own WASM and data files: load it from node_modules at runtime
  // instead of bundling it.
  serverExternalPackages: ["@electric-sql/pglite"],
  typedRoutes: true,
  // forbidden() for a signed-in staff member whose role is too low (app/forbidden.tsx).
  experimental: { authInterrupts: true },
  // Read by lib/time-zone.ts on the server and in the browser alike.
  env: { HERALD_TIME_ZONE: process.env.HERALD_TIME_ZONE || DEFAULT_TIME_ZONE },
};

export default nextConfig;
