import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import { inngest } from "@/inngest/client";
import { inngestMode } from "@/inngest/mode";
import { inngestFunctions } from "@/inngest/registry";
import { HeraldError } from "@/lib/errors";

// GET/POST/PUT /api/inngest – Herald's jobs (inngest/registry.ts), served to Inngest.
// Inngest v4 serves in cloud mode and answers 500 without INNGEST_SIGNING_KEY unless
// INNGEST_DEV is set. In the embedded default (neither INNGEST_EVENT_KEY nor INNGEST_DEV)
// nothing calls this endpoint — the same jobs run in-process (inngest/local-runner.ts) —
// so it answers a plain 503 saying so, instead of exposing unsigned function execution.
const inngestHandlers = serve({ client: inngest, functions: inngestFunctions });

const notConfigured = new HeraldError(
  503,
  "inngest_not_configured",
  "Inngest is not configured: Herald runs its jobs in-process (embedded mode). Set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY to serve them to Inngest, or INNGEST_DEV=1 for a local Inngest dev server.",
);

export function GET(request: NextRequest, context: unknown) {
  return inngestMode() === "embedded" ? notConfigured.toResponse() : inngestHandlers.GET(request, context);
}

export function POST(request: NextRequest, context: unknown) {
  return inngestMode() === "embedded" ? notConfigured.toResponse() : inngestHandlers.POST(request, context);
}

export function PUT(request: NextRequest, context: unknown) {
  return inngestMode() === "embedded" ? notConfigured.toResponse() : inngestHandlers.PUT(request, context);
}
