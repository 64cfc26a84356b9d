import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setCommunicationIgnored } from "@/db/queries/communications";
import { recordHandover } from "@/db/queries/attempt-writes";
import { insertCommunication } from "@/db/queries/communication-intake";
import { contactPoints } from "@/db/schema";
import { resumeUnfinishedWork } from "@/inngest/embedded";
import { publishOutbox } from "@/inngest/outbox";
import { resendAttempt } from "@/lib/sending/resend-attempt";
import { startCommunication } from "@/lib/sending/start-communication";
import { embeddedEngineForFile } from "../support/embedded-engine";
import { attemptsOf, createTestCustomer, INVOICE_DATA } from "../support/sending-harness";

// The embedded engine (as in sending-engine.test.ts) sending an attempt again: a staff
// resend, a resend racing the hand-over it repeats, and queued work re-dispatched after a
// restart — each handed over once, never deadlocked.

const engine = embeddedEngineForFile();
const { send, settle } = engine;

describe("sending engine, embedded: resends and re-dispatch", () => {
  it("a resend racing the hand-over of the attempt it repeats never deadlocks (lock order: attempt, then communication)", async () => {
    for (let round = 0; round < 15; round++) {
      const customerId = await createTestCustomer(engine.db, { email: "billing@acme.example" });
      const communication = await insertCommunication(engine.db, {
        customerId,
        subjectType: "invoice",
        subjectRef: `INV-RACE-${round}`,
        category: "invoice",
        templateData: INVOICE_DATA,
      });
      const started = await startCommunication(engine.deps, communication.id);
      if (started.kind !== "queued") throw new Error("expected a queued attempt");
      await Promise.all([
        recordHandover(engine.db, {
          attemptId: started.attemptId,
          at: new Date(),
          outcome: { kind: "accepted", status: "accepted", label: "Accepted", providerMessageId: `race-${crypto.randomUUID()}` },
        }),
        resendAttempt(engine.deps, { attemptId: started.attemptId, createdBy: "Test operator" }),
        setCommunicationIgnored(engine.db, { id: communication.id, ignored: true, actor: "Test operator", reason: "race" }),
      ]);
      const rows = await attemptsOf(engine.db, communication.id);
      expect(rows.map((row) => [row.kind, row.communicationIgnoredAt !== null])).toEqual([
        ["first", true],
        ["resend", true],
      ]);
    }
  });

  it("resend: the same snapshot to the current contact details, linked to the original", async () => {
    const { communicationId, customerId } = await send({ email: "billing@acme.example" });
    const [original] = await settle(communicationId, 1);
    await engine.db.update(contactPoints).set({ address: "accounts@acme.example" }).where(eq(contactPoints.customerId, customerId));
    const resent = await resendAttempt(engine.deps, { attemptId: original!.id, createdBy: "Test operator" });
    const [, copy] = await attemptsOf(engine.db, communicationId);
    expect(copy).toMatchObject({
      id: resent.id,
      kind: "resend",
      repeatsAttemptId: original!.id,
      recipient: "accounts@acme.example",
      createdBy: "Test operator",
    });
    expect([copy!.subject, copy!.bodyText, copy!.bodyHtml]).toEqual([original!.subject, original!.bodyText, original!.bodyHtml]);
    expect(copy!.contentSha256).not.toBe(original!.contentSha256);
  });

  it("an attempt left queued is handed over exactly once when unfinished work is resumed (twice)", async () => {
    const customerId = await createTestCustomer(engine.db, { mobile: "+33 6 12 34 56 78" });
    const communication = await insertCommunication(engine.db, {
      customerId,
      subjectType: "invoice",
      subjectRef: "INV-LEFT",
      category: "invoice",
      templateData: INVOICE_DATA,
    });
    const started = await startCommunication(engine.deps, communication.id);
    expect(started.kind).toBe("queued");
    // Its hand-over job was committed with it: resuming queues nothing more, however often.
    expect(await resumeUnfinishedWork(engine.db)).toEqual({ released: 0, queued: 0 });
    expect(await resumeUnfinishedWork(engine.db)).toEqual({ released: 0, queued: 0 });
    await publishOutbox(engine.db);
    const [attempt] = await settle(communication.id, 1);
    expect(attempt!.status).toBe("delivered");
    expect(engine.handOvers.filter((h) => h.attemptId === attempt!.id)).toHaveLength(1);
  });
});
