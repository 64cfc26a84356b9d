// npm run api-key:create -- --name "Billing" --scopes send,read
// Creates a platform API key in the configured database and prints its secret once
// (only its SHA-256 is stored). Not while `npm start` serves the embedded database.
import { parseArgs } from "node:util";
import { z } from "zod";
import { migrateDatabase, openDatabase, resolveDatabaseConfig } from "@/db/client";
import { API_KEY_SCOPES, createApiKey } from "@/lib/auth/api-keys";

const { values } = parseArgs({ options: { name: { type: "string" }, scopes: { type: "string", default: "send,read" } } });
const argsSchema = z.object({
  name: z.string().trim().min(2, "--name is required (the team or system using the key)").max(100),
  scopes: z
    .string()
    .transform((value) => value.split(",").map((scope) => scope.trim()).filter(Boolean))
    .pipe(z.array(z.enum(API_KEY_SCOPES, `scopes are ${API_KEY_SCOPES.join(", ")}`)).min(1, "--scopes needs at least one of send, read")),
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  console.error(`Invalid arguments: ${z.prettifyError(parsed.error)}`);
  console.error('Usage: npm run api-key:create -- --name "Billing" --scopes send,read');
  process.exit(2);
}

const database = await openDatabase(resolveDatabaseConfig());
try {
  await migrateDatabase(database);
  const { key, secret } = await createApiKey(database.db, { ...parsed.data, createdBy: "npm run api-key:create", actorType: "system" });
  console.log(`Created API key "${key.name}" (${key.prefix}…) with scopes ${key.scopes.join(", ")}.`);
  console.log(`Secret (shown once; send it as "Authorization: Bearer <key>"):\n${secret}`);
} finally {
  await database.close();
}
