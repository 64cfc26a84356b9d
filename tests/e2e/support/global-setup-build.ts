import path from "node:path";
import { ensureProductionBuild } from "@/scripts/production-build";

// Global setup of the browser files that start servers of their own (npm start, next start
// on a database of their own): they need only the production build, which `npm test` has
// made by the time they run; run alone, this makes it.
export default async function setup() {
  await ensureProductionBuild(path.resolve(import.meta.dirname, "../../.."));
}
