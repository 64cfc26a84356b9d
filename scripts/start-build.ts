// The first step of `npm start` (scripts/start.mjs runs it, and it exits): configuration
// errors (a misspelt time zone, a short secret) stop here, before minutes of building; then
// `next build` when the sources changed since the last build.
import { readEnv } from "@/lib/env";
import { ensureProductionBuild } from "./production-build";

readEnv();
await ensureProductionBuild(process.cwd());
