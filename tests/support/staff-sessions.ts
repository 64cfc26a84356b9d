import type { Db } from "@/db/client";
import { getAuth } from "@/lib/auth/auth";
import type { StaffRole } from "@/lib/auth/roles";
import { createStaffAccount } from "@/lib/auth/staff-accounts";

export const TEST_ORIGIN = "http://localhost:3000";
export const TEST_PASSWORD = "correct-horse-battery";

let clientIp = 0;

/** A POST to better-auth's handler as a browser on TEST_ORIGIN sends it (each call from a new client IP unless given). */
export async function authRequest(path: string, body: unknown, options: { cookie?: string; ip?: string } = {}): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(
    new Request(`${TEST_ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: TEST_ORIGIN,
        "x-forwarded-for": options.ip ?? `10.0.${Math.floor(++clientIp / 250)}.${clientIp % 250}`,
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookieFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** Creates a staff member with `role` and signs them in through the real endpoint; returns their Cookie header. */
export async function signedInStaff(db: Db, role: StaffRole, email = `${role}-${crypto.randomUUID().slice(0, 8)}@herald.test`) {
  await createStaffAccount(await getAuth(), db, { email, name: `Test ${role}`, role, password: TEST_PASSWORD, createdBy: "test" });
  const response = await authRequest("/sign-in/email", { email, password: TEST_PASSWORD });
  if (response.status !== 200) throw new Error(`sign-in as ${email} answered ${response.status}: ${await response.text()}`);
  return { email, cookie: cookieFrom(response) };
}
