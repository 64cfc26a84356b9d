import { type NextRequest, NextResponse } from "next/server";

// Hands the requested path to server components as a request header, so the sign-in
// redirect (app/(staff)/current-staff.ts) can come back to it — a layout is not told its
// URL. This is not access control: every page, action and route checks the session itself.
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(RETURN_TO_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

const RETURN_TO_HEADER = "x-herald-return-to";

export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
