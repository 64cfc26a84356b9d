// npm run api-key:create -- --name "Billing" --scopes send,read
// Creates a platform API key and prints its secret once (only its SHA-256 is stored). With
// the embedded database served by `npm start` (one process only may open it), the running
// server creates the key (POST /api/local/api-keys, authorised by the installation's local
// admin token); otherwise the key is written to the configured database directly.
import { parseArgs } from "node:util";
import { z } from "zod";
import { migrateDatabase, openDatabase, resolveDatabaseConfig } from "@/db/client";
import { API_KEY_SCOPES, createApiKey } from "@/lib/auth/api-keys";
import { localAdminToken } from "@/lib/auth/local-admin";
import { runningServer } from "./running-server";

const { values } = parseArgs({ options: { name: { type: "string" }, scopes: { type: "string", default: "send,read" } } });
const argsSchema = z.object({
  name: z.string().trim().min(2, "--name is required (the team or system using the key)").max(100),
  scopes: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((scope) => scope.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(API_KEY_SCOPES, `scopes are ${API_KEY_SCOPES.join(", ")}`)).min(1, "--scopes needs at least one of send, read")),
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  console.error(`Invalid arguments: ${z.prettifyError(parsed.error)}`);
  console.error('Usage: npm run api-key:create -- --name "Billing" --scopes send,read');
  process.exit(2);
}

const config = resolveDatabaseConfig();
const running = config.driver === "pglite" && config.dataDir ? runningServer(config.dataDir) : null;
if (running) {
  const response = await fetch(`http://127.0.0.1:${running.port}/api/local/api-keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${await localAdminToken()}`, "content-type": "application/json" },
    body: JSON.stringify(parsed.data),
  });
  const body = (await response.json()) as {
    key?: { name: string; prefix: string; scopes: string[] };
    secret?: string;
    error?: { message: string };
  };
  if (!response.ok || !body.key || !body.secret) {
    console.error(`The running Herald server refused: ${body.error?.message ?? response.status}`);
    process.exit(1);
  }
  printKey(body.key, body.secret);
  process.exit(0);
}

const database = await openDatabase(config);
try {
  await migrateDatabase(database);
  const { key, secret } = await createApiKey(database.db, { ...parsed.data, createdBy: "npm run api-key:create", actorType: "system" });
  printKey(key, secret);
} finally {
  await database.close();
}

function printKey(key: { name: string; prefix: string; scopes: string[] }, secret: string) {
  console.log(`Created API key "${key.name}" (${key.prefix}…) with scopes ${key.scopes.join(", ")}.`);
  console.log(`Secret (shown once; send it as "Authorization: Bearer <key>"):\n${secret}`);
}
