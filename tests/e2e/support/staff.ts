import type { Browser, BrowserContext } from "playwright-core";
import type { StaffRole } from "@/lib/auth/roles";

/** Signs in through the app's own endpoint, as the sign-in page does; returns the session cookie value. */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
  if (!cookie) throw new Error(`sign-in as ${email} set no session cookie`);
  return cookie.split(";")[0]!.slice("better-auth.session_token=".length);
}

/** A browser context already signed in as the demo account of `role` (cookie made once in global setup). */
export async function signedInContext(
  browser: Browser,
  baseUrl: string,
  cookies: Record<StaffRole, string>,
  role: StaffRole,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: "better-auth.session_token", value: cookies[role], url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
  return context;
}
