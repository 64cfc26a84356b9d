import pg from "pg";

// The webhook figures' floors, on bare `pg` against the same server and database as Herald:
// what Postgres does for the least a webhook must do, with the same number of clients.
// - one-row INSERT: an autocommitted insert of one event row (a pgbench custom script);
// - INSERT+UPDATE: BEGIN; insert the event; update one row; COMMIT — storing an event and
//   moving its attempt, pgbench-style;
// - multi-row INSERT: one statement inserting a whole batch's event rows.
// The rows carry the payloads Herald stores, into a table shaped like provider_events
// (unique event key), so the floor pays for the same bytes and index.

const ROWS = 1000;

export type Floors = {
  /** Transactions per second, `clients` at a time, `count` in all. */
  insert: (payloads: readonly string[]) => Promise<number>;
  insertUpdate: (payloads: readonly string[]) => Promise<number>;
  /** Rows per second: each batch one INSERT statement. */
  multiRowInsert: (batches: readonly (readonly string[])[]) => Promise<number>;
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
    close: async () => {
      for (const client of held) client.release();
      await pool.end();
    },
  };
}
