import pg from "pg";
import type { Database } from "@/db/client";
import { computeContentSha256 } from "@/db/content-hash";
import { STATUS } from "@/lib/status";
import { type RenderInput, renderMessage } from "@/lib/templates/render";
import { sampleRss } from "../support/rss-sampler";

// The planning phase's floors, on the same database as Herald, without the engine:
// - render: renderMessage for the same invoices (same category, channel, locale and
//   template data), one after the other, plus the content hash every snapshot carries;
// - write: what storing those snapshots needs at the least — per chunk of 1,000, one
//   transaction of one multi-row INSERT into a table shaped like an attempt snapshot and one
//   UPDATE of the 1,000 communications' rows — through bare SQL (pg.Client on Postgres,
//   PGlite's own `query`).
// The render-bound floor is both on the same cores: 1 / (1/render + 1/write) per message.

const CHUNK = 1_000;

export type FloorItem = { input: RenderInput; recipient: string };

export type FloorRound = {
  renderPerSecond: number;
  writePerSecond: number;
  boundPerSecond: number;
  statementsPerCommunication: number;
  rssGrowthMb: number;
  rssPeakMb: number;
};

export type SendFloors = { round: (items: readonly FloorItem[]) => Promise<FloorRound>; close: () => Promise<void> };

type Query = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Opens the floors' connection and scratch tables. On PGlite, open it before logStatements wraps the client: the floor's statements are not Herald's. */
export async function openSendFloors(database: Database, url: string | undefined): Promise<SendFloors> {
  const { query, close } = await rawQuery(database, url);
  await query(
    `CREATE TABLE floor_communications (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
  );
  await query(`CREATE TABLE floor_attempts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), communication_id uuid NOT NULL, recipient text NOT NULL, subject text,
    body_text text NOT NULL, body_html text, content_sha256 text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);

  async function round(items: readonly FloorItem[]): Promise<FloorRound> {
    // The communications the chunks move, as Herald's exist before its planning: not timed.
    const { rows } = await query(`INSERT INTO floor_communications (status) SELECT $1 FROM generate_series(1, $2::int) RETURNING id`, [
      STATUS.queued,
      items.length,
    ]);
    const ids = rows.map((row) => row.id as string);
    const rss = sampleRss();
    let renderMs = 0;
    let writeMs = 0;
    let statements = 0;
    for (let start = 0; start < items.length; start += CHUNK) {
      let started = performance.now();
      const values: unknown[] = [];
      for (const [offset, { input, recipient }] of items.slice(start, start + CHUNK).entries()) {
        const message = await renderMessage(input);
        const { subject, bodyText, bodyHtml } = message;
        const sha = computeContentSha256({ recipient, subject, bodyText, bodyHtml });
        values.push(ids[start + offset], recipient, subject, bodyText, bodyHtml, sha, STATUS.queued);
      }
      renderMs += performance.now() - started;
      started = performance.now();
      const chunkIds = ids.slice(start, start + CHUNK);
      await query("BEGIN");
      await query(
        `INSERT INTO floor_attempts (communication_id, recipient, subject, body_text, body_html, content_sha256, status) VALUES ${placeholders(chunkIds.length, 7)}`,
        values,
      );
      await query(`UPDATE floor_communications SET status = $1, updated_at = now() WHERE id = ANY($2::uuid[])`, [STATUS.queued, chunkIds]);
      await query("COMMIT");
      statements += 4;
      writeMs += performance.now() - started;
    }
    const memory = rss.stop();
    const n = items.length;
    return {
      renderPerSecond: n / (renderMs / 1000),
      writePerSecond: n / (writeMs / 1000),
      boundPerSecond: n / ((renderMs + writeMs) / 1000),
      statementsPerCommunication: statements / n,
      rssGrowthMb: memory.growthMb,
      rssPeakMb: memory.peakMb,
    };
  }

  return { round, close };
}

async function rawQuery(database: Database, url: string | undefined): Promise<{ query: Query; close: () => Promise<void> }> {
  if (database.driver === "pglite") {
    const client = (database.db as unknown as { $client: { query: Query } }).$client;
    const query = client.query.bind(client);
    return { query, close: async () => {} };
  }
  if (!url) throw new Error("the write floor needs the database URL");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { query: (text, params) => client.query(text, params), close: () => client.end() };
}

function placeholders(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_, row) => `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(", ")})`,
  ).join(", ");
}
