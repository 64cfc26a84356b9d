// npm run staff:create -- --email ada@example.com --name "Ada Lovelace" --role admin [--password …]
// Creates a staff account in the configured database (embedded PGlite without
// DATABASE_URL — not while `npm start` is serving it). Without --password a random one is
// generated and printed once.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { migrateDatabase, openDatabase, resolveDatabaseConfig } from "@/db/client";
import { authOptionsFromEnv, createAuth } from "@/lib/auth/auth";
import { createStaffAccount, staffAccountInput } from "@/lib/auth/staff-accounts";
import { HeraldError } from "@/lib/errors";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "viewer" },
    password: { type: "string" },
  },
});
const generated = values.password ? null : randomBytes(15).toString("base64url");
const parsed = staffAccountInput.safeParse({ ...values, password: values.password ?? generated });
if (!parsed.success) {
  console.error(`Invalid arguments: ${z.prettifyError(parsed.error)}`);
  console.error('Usage: npm run staff:create -- --email ada@example.com --name "Ada Lovelace" --role viewer|operator|admin [--password …]');
  process.exit(2);
}

const database = await openDatabase(resolveDatabaseConfig());
try {
  await migrateDatabase(database);
  const auth = createAuth(database.db, await authOptionsFromEnv());
  const staff = await createStaffAccount(auth, database.db, { ...parsed.data, createdBy: "npm run staff:create", actorType: "system" });
  console.log(`Created ${staff.role} ${staff.name} <${staff.email}>.`);
  if (generated) console.log(`Password (shown once — hand it over by a separate channel): ${generated}`);
} catch (error) {
  if (!(error instanceof HeraldError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
