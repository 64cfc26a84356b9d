// npm run db:seed — migrates the configured database (embedded PGlite without
// DATABASE_URL, else Neon or node-postgres) and fills it with deterministic demo data.
//
//   --scale N   communications to create (default 5,000; customers ≈ N / 10, ≤ 100,000)
//   --seed S    PRNG seed (default 1); same seed and --now → identical rows
//   --now ISO   date everything relative to this instant (default: the current time)
//   --reset     drop and recreate the schema first (attempts can never be deleted, so
//               starting over means dropping the tables, not emptying them)
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, migrateDatabase, openDatabase, resolveDatabaseConfig } from "@/db/client";
import { isDatabaseSeeded, seedDemoData } from "@/db/seed";

const argsSchema = z.object({
  scale: z.coerce.number().int().positive().max(10_000_000).optional(),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(1),
  now: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  reset: z.boolean().default(false),
});

const { values } = parseArgs({
  options: {
    scale: { type: "string" },
    seed: { type: "string" },
    now: { type: "string" },
    reset: { type: "boolean" },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  console.error(`Invalid arguments: ${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
const args = parsed.data;

const database = await openDatabase(resolveDatabaseConfig());
try {
  if (args.reset) {
    console.log("Resetting: dropping and recreating the schema…");
    await resetSchema(database);
  }
  await migrateDatabase(database);
  if (await isDatabaseSeeded(database.db)) {
    console.log("Database already seeded (it has communications); nothing to do. Use --reset to start over.");
  } else {
    await seed(database);
  }
} finally {
  await database.close();
}

async function seed({ db, driver }: Database) {
  const total = args.scale ?? 5_000;
  console.log(`Seeding ${total.toLocaleString("en")} communications on ${driver} (seed ${args.seed})…`);
  const started = performance.now();
  let lastReport = 0;
  const summary = await seedDemoData(db, {
    communications: total,
    seed: args.seed,
    now: args.now,
    onPhase: (phase) => console.log(`  ${elapsed(started)}  ${phase}`),
    onProgress: (done) => {
      if (done < total && performance.now() - lastReport < 2_000) return;
      lastReport = performance.now();
      const rate = done / ((performance.now() - started) / 1000);
      const rss = Math.round(process.memoryUsage.rss() / 2 ** 20);
      console.log(
        `  ${elapsed(started)}  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} communications (${Math.round(rate).toLocaleString("en")}/s, RSS ${rss} MB)`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(summary).reduce((sum, n) => sum + n, 0);
  console.log(
    `Seeded in ${seconds.toFixed(1)} s: ${Object.entries(summary)
      .map(([table, n]) => `${n.toLocaleString("en")} ${table}`)
      .join(", ")}.`,
  );
  console.log(
    `${Math.round(rows / seconds).toLocaleString("en")} rows/s, ${Math.round(summary.communications / seconds).toLocaleString("en")} communications/s.`,
  );
}

async function resetSchema({ db }: Database) {
  await db.execute(sql`DROP SCHEMA IF EXISTS drizzle CASCADE`);
  await db.execute(sql`DROP SCHEMA IF EXISTS public CASCADE`);
  await db.execute(sql`CREATE SCHEMA public`);
  await db.execute(sql`GRANT USAGE ON SCHEMA public TO PUBLIC`);
}

function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`;
}
