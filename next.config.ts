import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships its own WASM and data files: load it from node_modules at runtime
  // instead of bundling it.
  serverExternalPackages: ["@electric-sql/pglite"],
  typedRoutes: true,
};

export default nextConfig;
