import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit-events";
import { countStaff, getStaff, type StaffRow } from "@/db/queries/staff";
import { staffEmailAddress } from "@/lib/email-address";
import type { HeraldEnv } from "@/lib/env";
import { HeraldError } from "@/lib/errors";
import type { Auth } from "./auth";
import { STAFF_ROLES, type StaffRole } from "./roles";

export const staffAccountInput = z.object({
  email: staffEmailAddress("Enter a valid e-mail address.").transform((email) => email.toLowerCase()),
  name: z.string().trim().min(2, "Enter the person's name.").max(100, "Keep the name under 100 characters."),
  role: z.enum(STAFF_ROLES, "Choose a role: viewer, operator or admin."),
  password: z.string().min(12, "The password needs at least 12 characters.").max(128, "Keep the password under 128 characters."),
});
export type StaffAccountInput = z.infer<typeof staffAccountInput>;

/**
 * Creates a staff account with an e-mail + password credential. Sign-up is closed, so
 * this goes through better-auth's internal adapter and its password hasher (the same
 * hash its sign-in verifies). Throws HeraldError 409 when the e-mail is taken.
 */
export async function createStaffAccount(
  auth: Auth,
  db: Db,
  input: StaffAccountInput & { createdBy: string; actorType?: "staff" | "system" },
): Promise<StaffRow> {
  const data = staffAccountInput.parse(input);
  const context = await auth.$context;
  if (await context.internalAdapter.findUserByEmail(data.email)) {
    throw new HeraldError(409, "staff_exists", `${data.email} already has a Herald account — change its role instead.`);
  }
  const user = await context.internalAdapter.createUser(
    { email: data.email, name: data.name, role: data.role, emailVerified: true },
    { method: "admin" },
  );
  await context.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: await context.password.hash(data.password),
  });
  await recordAuditEvent(db, {
    actorType: input.actorType ?? "staff",
    actorId: input.createdBy,
    action: "staff.created",
    targetType: "staff",
    targetId: user.id,
    data: { email: data.email, role: data.role },
  });
  return (await getStaff(db, { id: user.id }))!;
}

// The embedded default's demo accounts, printed by `npm start` on first run and listed in
// the README. They exist only in the embedded database: with DATABASE_URL the first admin
// comes from HERALD_ADMIN_EMAIL / HERALD_ADMIN_PASSWORD or `npm run staff:create`.
export const DEMO_PASSWORD = "herald-demo-password";
export const DEMO_STAFF: { email: string; name: string; role: StaffRole }[] = [
  { email: "admin@herald.local", name: "Ada Admin", role: "admin" },
  { email: "operator@herald.local", name: "Oscar Operator", role: "operator" },
  { email: "viewer@herald.local", name: "Vera Viewer", role: "viewer" },
];

export type InitialStaffOutcome =
  | { kind: "existing" }
  | { kind: "demo"; accounts: typeof DEMO_STAFF; password: string }
  | { kind: "admin-from-env"; email: string }
  | { kind: "none" };

/** Staff for a database that has none yet: demo accounts (embedded) or the admin from the environment. */
export async function ensureInitialStaff(auth: Auth, db: Db, params: { embedded: boolean; env: HeraldEnv }): Promise<InitialStaffOutcome> {
  if ((await countStaff(db)) > 0) return { kind: "existing" };
  const { HERALD_ADMIN_EMAIL: email, HERALD_ADMIN_PASSWORD: password, HERALD_ADMIN_NAME: name } = params.env;
  if (email && password) {
    await createStaffAccount(auth, db, {
      email,
      password,
      name: name ?? "Herald admin",
      role: "admin",
      createdBy: "HERALD_ADMIN_EMAIL",
      actorType: "system",
    });
    return { kind: "admin-from-env", email };
  }
  if (!params.embedded) return { kind: "none" };
  for (const account of DEMO_STAFF) {
    await createStaffAccount(auth, db, { ...account, password: DEMO_PASSWORD, createdBy: "first start", actorType: "system" });
  }
  return { kind: "demo", accounts: DEMO_STAFF, password: DEMO_PASSWORD };
}

export function describeInitialStaff(outcome: InitialStaffOutcome): string | null {
  switch (outcome.kind) {
    case "existing":
      return null;
    case "demo":
      return [
        "Demo staff accounts (change the password after signing in: Change password, top right):",
        ...outcome.accounts.map((a) => `    ${a.role.padEnd(8)}  ${a.email}  /  ${outcome.password}`),
      ].join("\n");
    case "admin-from-env":
      return `Created the first admin ${outcome.email} from HERALD_ADMIN_EMAIL / HERALD_ADMIN_PASSWORD.`;
    case "none":
      return "No staff account yet: set HERALD_ADMIN_EMAIL and HERALD_ADMIN_PASSWORD and restart, or run `npm run staff:create -- --email … --name … --role admin`.";
  }
}
