import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { DEFAULT_TIME_ZONE, timeZoneProblem } from "./lib/time-zone";
import { localeProblem } from "./lib/i18n/locales";

// A misspelt zone or language stops the build and the server with its name, not a RangeError later.
for (const problem of [timeZoneProblem(process.env.HERALD_TIME_ZONE), localeProblem(process.env.HERALD_DEFAULT_LOCALE)]) {
  if (problem) throw new Error(problem);
}

// The staff UI's language and messages per request (app/i18n/request.ts).
const withNextIntl = createNextIntlPlugin("./app/i18n/request.ts");

const nextConfig: NextConfig = {
  // PGlite ships its own WASM and data files: load it from node_modules at runtime
  // instead of bundling it.
  serverExternalPackages: ["@electric-sql/pglite"],
  typedRoutes: true,
  // Types are checked once, by `npm test` (tsc --noEmit over the whole repository, tests
  // included, after `next typegen`); the build would spend most of a minute repeating it,
  // on every first `npm start` and in every CI run.
  typescript: { ignoreBuildErrors: true },
  // authInterrupts: forbidden() for a signed-in staff member whose role is too low (app/forbidden.tsx).
  experimental: {
    authInterrupts: true,
    // A CI run builds once from a fresh clone and never again: writing Turbopack's build
    // cache there costs about 20 s for nothing. Everywhere else it speeds up the next build.
    turbopackFileSystemCacheForBuild: process.env.CI !== "true",
  },
  // Read by lib/time-zone.ts on the server and in the browser alike.
  env: { HERALD_TIME_ZONE: process.env.HERALD_TIME_ZONE || DEFAULT_TIME_ZONE },
};

export default withNextIntl(nextConfig);
