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
  // Server-only packages are loaded from node_modules at runtime instead of bundled: PGlite
  // because it ships its own WASM and data files, the provider SDKs and the data and job
  // layers because bundling them is most of the build's time (a CI build: 35 s instead of
  // 78 s). Packages that render React stay bundled, on the React the app renders with.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@neondatabase/serverless",
    "@sendgrid/client",
    "@sendgrid/mail",
    "drizzle-orm",
    "fast-xml-parser",
    "fflate",
    "inngest",
    "libphonenumber-js",
    "pdf-lib",
    "resend",
    "sms-segments-calculator",
    "standardwebhooks",
    "stdnum",
    "twilio",
    "ws",
  ],
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
