import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempts, communications, customers, IMMUTABLE_ATTEMPT_COLUMNS } from "@/db/schema";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let attemptId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  const [customer] = await db.insert(customers).values({ externalRef: "C-1", name: "Acme SARL" }).returning();
  const [communication] = await db
    .insert(communications)
    .values({
      customerId: customer!.id,
      subjectType: "invoice",
      subjectRef: "INV-1",
      category: "invoice",
      templateKey: "invoice",
      customerName: customer!.name,
    })
    .returning();
  const [attempt] = await db
    .insert(attempts)
    .values({
      communicationId: communication!.id,
      customerId: customer!.id,
      seq: 1,
      kind: "first",
      channel: "email",
      provider: "resend",
      category: "invoice",
      subjectRef: "INV-1",
      recipient: "billing@acme.example",
      subject: "Invoice INV-1",
      bodyText: "Please find your invoice attached.",
      contentSha256: "a".repeat(64),
      customerName: customer!.name,
    })
    .returning();
  attemptId = attempt!.id;
});

afterAll(() => database.close());

describe("attempt immutability (database trigger)", () => {
  it("allows status columns to move", async () => {
    const [row] = await database.db
      .update(attempts)
      .set({ status: "delivered", statusLabel: "Delivered", deliveredAt: new Date() })
      .where(eq(attempts.id, attemptId))
      .returning();
    expect(row?.status).toBe("delivered");
  });

  it("refuses a raw SQL UPDATE of the sent content", async () => {
    await expect(database.execRaw(`UPDATE attempts SET body_text = 'edited' WHERE id = '${attemptId}'`)).rejects.toThrow(
      /content snapshot .* cannot be changed/,
    );
  });

  it.each(IMMUTABLE_ATTEMPT_COLUMNS.filter((c) => c !== "id"))("refuses an update of %s", async (column) => {
    // Set each column to a value of its own type that differs from the current one.
    const change = sql.raw(
      {
        seq: "seq = seq + 1",
        kind: "kind = 'resend'",
        channel: "channel = 'sms'",
        provider: "provider = 'twilio'",
        category: "category = 'reminder'",
        repeats_attempt_id: "repeats_attempt_id = id",
        recipient_postal: `recipient_postal = '{"line1":"x"}'::jsonb`,
        created_at: "created_at = created_at - interval '1 day'",
        communication_id: "communication_id = gen_random_uuid()",
        customer_id: "customer_id = gen_random_uuid()",
      }[column as string] ?? `${column} = 'changed'`,
    );
    await expect(database.db.execute(sql`UPDATE attempts SET ${change} WHERE id = ${attemptId}`)).rejects.toSatisfy(
      (error: Error & { cause?: { message?: string } }) => /immutable/.test(`${error.message} ${error.cause?.message ?? ""}`),
    );
  });

  it("refuses DELETE and TRUNCATE of attempts", async () => {
    await expect(database.execRaw(`DELETE FROM attempts WHERE id = '${attemptId}'`)).rejects.toThrow(/DELETE of attempt/);
    await expect(database.execRaw("TRUNCATE attempts CASCADE")).rejects.toThrow(/TRUNCATE refused/);
    const rows = await database.db.select().from(attempts).where(eq(attempts.id, attemptId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.bodyText).toBe("Please find your invoice attached.");
  });
});
