import pg from "pg";

// The webhook figures' floors, on bare `pg` against the same server and database as Herald:
// what Postgres does for the least a webhook must do, with the same number of clients.
// - one-row INSERT: an autocommitted insert of one event row (a pgbench custom script);
// - INSERT+UPDATE: BEGIN; insert the event; update one row; COMMIT — storing an event and
//   moving its attempt, pgbench-style;
// - multi-row INSERT: one statement inserting a whole batch's event rows;
// - Herald's writes: one statement doing, on Herald's own tables, what applying a batch
//   writes — its events stored in provider_events, their attempts moved, the communications
//   following — with no read before it, no plan and no checks, only the attempts locked in
//   id order first as Herald's write locks them (batches sharing attempts queue instead of
//   deadlocking): what Herald's SQL costs Postgres with all the indexes the page's lists
//   and counts stand on.
// The rows carry the payloads Herald stores, into a table shaped like provider_events
// (unique event key), so the floor pays for the same bytes and index.

const ROWS = 1000;

/** One event as the floor of Herald's writes stores it: its key, its type, the attempt's provider message id. */
export type FloorEvent = { key: string; type: string; messageId: string; payload: string };

const HERALD_WRITES = `
  WITH e AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[]) AS e(event_key, event_type, message_id, payload)),
  a AS (SELECT id, provider_message_id FROM attempts
        WHERE provider = $1::provider AND provider_message_id = ANY(ARRAY(SELECT DISTINCT message_id FROM e))
        ORDER BY id FOR UPDATE),
  ins AS (
    INSERT INTO provider_events (provider, event_key, event_type, provider_message_id, attempt_id, mapped_status, outcome, occurred_at, payload)
    SELECT $1::provider, e.event_key, e.event_type, e.message_id, a.id, 'delivered', 'applied', now(), e.payload
    FROM e LEFT JOIN a ON a.provider_message_id = e.message_id
    RETURNING 1),
  upd AS (
    UPDATE attempts SET status = 'delivered', status_label = 'Delivered', status_at = now(),
      delivered_at = COALESCE(delivered_at, now()), opened_at = LEAST(opened_at, now()), updated_at = now()
    WHERE id IN (SELECT id FROM a)
    RETURNING communication_id),
  comm AS (
    UPDATE communications SET status = 'delivered', status_label = 'Delivered', last_activity_at = now(), updated_at = now()
    WHERE id IN (SELECT communication_id FROM upd)
    RETURNING 1)
  SELECT (SELECT count(*) FROM ins)::int AS stored, (SELECT count(*) FROM upd)::int AS moved, (SELECT count(*) FROM comm)::int AS followed`;

export type Floors = {
  /** Transactions per second, `clients` at a time, `count` in all. */
  insert: (payloads: readonly string[]) => Promise<number>;
  insertUpdate: (payloads: readonly string[]) => Promise<number>;
  /** Rows per second: each batch one INSERT statement. */
  multiRowInsert: (batches: readonly (readonly string[])[]) => Promise<number>;
  /** Events per second: each batch one statement of Herald's writes (attempts of `provider` that no round posts to). */
  heraldWrites: (provider: string, batches: readonly (readonly FloorEvent[])[]) => Promise<number>;
  close: () => Promise<void>;
};

export async function openFloors(url: string, clients: number): Promise<Floors> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query(`
    CREATE TABLE IF NOT EXISTS floor_events (
      id bigserial PRIMARY KEY, event_key text NOT NULL UNIQUE, payload jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS floor_rows (id integer PRIMARY KEY, status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
    INSERT INTO floor_rows (id, status) SELECT g, 'a' FROM generate_series(1, ${ROWS}) g ON CONFLICT DO NOTHING;`);
  const held = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
  let key = 0;
  const nextKey = () => `floor-${process.pid}-${key++}`;

  /** Runs `items` through `clients` connections, each taking the next one when done; returns items per second. */
  async function drive<T>(items: readonly T[], run: (client: pg.PoolClient, item: T) => Promise<void>, weight: (item: T) => number) {
    let next = 0;
    let done = 0;
    const started = performance.now();
    await Promise.all(
      held.map(async (client) => {
        for (let index = next++; index < items.length; index = next++) {
          await run(client, items[index]!);
          done += weight(items[index]!);
        }
      }),
    );
    return done / ((performance.now() - started) / 1000);
  }

  return {
    insert: (payloads) =>
      drive(
        payloads,
        async (client, payload) =>
          void (await client.query("INSERT INTO floor_events (event_key, payload) VALUES ($1, $2)", [nextKey(), payload])),
        () => 1,
      ),
    insertUpdate: (payloads) =>
      drive(
        payloads,
        async (client, payload) => {
          await client.query("BEGIN");
          await client.query("INSERT INTO floor_events (event_key, payload) VALUES ($1, $2)", [nextKey(), payload]);
          await client.query("UPDATE floor_rows SET status = 'b', updated_at = now() WHERE id = $1", [
            1 + Math.floor(Math.random() * ROWS),
          ]);
          await client.query("COMMIT");
        },
        () => 1,
      ),
    multiRowInsert: (batches) =>
      drive(
        batches,
        async (client, batch) => {
          const values = batch.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(", ");
          await client.query(
            `INSERT INTO floor_events (event_key, payload) VALUES ${values}`,
            batch.flatMap((payload) => [nextKey(), payload]),
          );
        },
        (batch) => batch.length,
      ),
    heraldWrites: (provider, batches) =>
      drive(
        batches,
        async (client, batch) => {
          const { rows } = await client.query<{ stored: number; moved: number }>(HERALD_WRITES, [
            provider,
            batch.map((event) => event.key),
            batch.map((event) => event.type),
            batch.map((event) => event.messageId),
            batch.map((event) => event.payload),
          ]);
          // A floor that wrote nothing would be no floor: every event stored, every attempt found.
          if (rows[0]!.stored !== batch.length || rows[0]!.moved === 0)
            throw new Error(`Herald's writes floor: ${JSON.stringify(rows[0])}`);
        },
        (batch) => batch.length,
      ),
    close: async () => {
      for (const client of held) client.release();
      await pool.end();
    },
  };
}
