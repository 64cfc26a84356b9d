import { isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobOutbox } from "@/db/schema";

/**
 * For test files that drive the sending engine step by step (startCommunication,
 * handOverAttempt, fallBack called directly): the jobs those steps queued in the outbox
 * were run by hand, so the next test's publication must not run them again.
 */
export async function markJobsRunByHand(db: Db): Promise<void> {
  await db.update(jobOutbox).set({ doneAt: new Date(), lastError: "run by hand in a test" }).where(isNull(jobOutbox.doneAt));
}
