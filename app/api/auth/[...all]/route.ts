import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";

// GET/POST /api/auth/* – better-auth: sign-in (rate-limited), sign-out, session, change
// password. Sign-up is closed (lib/auth/auth.ts); every other endpoint needs a session.
export async function GET(request: Request) {
  return toNextJsHandler(await getAuth()).GET(request);
}

export async function POST(request: Request) {
  return toNextJsHandler(await getAuth()).POST(request);
}
