import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SendingDeps } from "@/lib/sending/deps";
import { fallBack } from "@/lib/sending/fall-back";
import { handOverAttempt } from "@/lib/sending/hand-over";
import { startCommunication } from "@/lib/sending/start-communication";
import { UNCERTAIN_HANDOVER_CODE, UNCERTAIN_HANDOVER_LABEL } from "@/lib/status";
import { markJobsRunByHand } from "../support/jobs-by-hand";
import { testSecrets } from "../support/provider-requests";
import { attemptsOf, FAST_RETRY, PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
import {
  closeProviderFakes,
  fakeRegistry,
  handOversAt,
  invoiceFor,
  type ProviderFakes,
  startProviderFakes,
} from "../support/suppression-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// The provider took the request and the connection broke before its answer. Where the
// provider deduplicates by idempotency key (Resend), Herald repeats the request with the
// same key: one message. Where it cannot (SendGrid, Twilio), a repeat could deliver it
// twice — Herald repeats nothing, falls back to nothing, and shows the attempt as
// uncertain for staff to check. The fakes speak each provider's wire format.

let database: TestDatabase;
let fakes: ProviderFakes;
let secrets: Awaited<ReturnType<typeof testSecrets>>;

beforeAll(async () => {
  stubEmbeddedEnv();
  [database, secrets, fakes] = await Promise.all([openTestDatabase(), testSecrets(), startProviderFakes()]);
});
beforeEach(() => markJobsRunByHand(database.db));
afterAll(() => Promise.all([database.close(), closeProviderFakes(fakes)]));

function depsFor(email: "resend" | "sendgrid"): SendingDeps {
  return {
    ...testSendingDeps(database.db, secrets),
    retry: { ...FAST_RETRY, delayMs: () => 0 },
    providers: fakeRegistry(fakes, { provider: email }),
  };
}

async function queued(deps: SendingDeps, contacts: { email?: string; mobile?: string }) {
  const { communicationId } = await invoiceFor(database.db, { ...contacts, postal: PARIS_ADDRESS });
  const started = await startCommunication(deps, communicationId);
  if (started.kind !== "queued") throw new Error(`expected a queued attempt, got ${started.kind}`);
  return { communicationId, attemptId: started.attemptId };
}

describe("a hand-over whose answer is lost", () => {
  for (const provider of ["sendgrid", "twilio"] as const) {
    it(`${provider} (no idempotency key): not repeated, no fallback, shown as uncertain with what to check`, async () => {
      const deps = depsFor("sendgrid");
      const { communicationId, attemptId } = await queued(
        deps,
        provider === "twilio" ? { mobile: "+33 6 12 34 56 78" } : { email: "billing@acme.example" },
      );
      const before = handOversAt(fakes);
      fakes[provider].respondNext({ status: 200, drop: true });

      const result = await handOverAttempt(deps, attemptId);
      expect(result).toMatchObject({ kind: "failed", fallBack: false });
      expect(await handOverAttempt(deps, attemptId)).toEqual({ kind: "skipped", reason: "already rejected" });
      expect(await fallBack(deps, attemptId)).toMatchObject({ kind: "none" });

      expect(handOversAt(fakes)[provider]).toBe(before[provider] + 1);
      const attempts = await attemptsOf(database.db, communicationId);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ status: "rejected", statusLabel: UNCERTAIN_HANDOVER_LABEL, errorCode: UNCERTAIN_HANDOVER_CODE });
      expect(attempts[0]!.errorMessage).toMatch(
        provider === "twilio" ? /Twilio may have sent this message/ : /SendGrid may have sent this message/,
      );
      expect(attempts[0]!.errorMessage).toMatch(/resend only if it is not there$/);
    });
  }

  it("resend (idempotency key): repeated with the same key, and accepted once", async () => {
    const deps = depsFor("resend");
    const { communicationId, attemptId } = await queued(deps, { email: "billing@acme.example" });
    const before = fakes.resend.requests.length;
    fakes.resend.respondNext({ status: 200, drop: true });

    expect(await handOverAttempt(deps, attemptId)).toMatchObject({ kind: "wait" });
    expect(await handOverAttempt(deps, attemptId)).toMatchObject({ kind: "accepted" });
    const keys = fakes.resend.requests.slice(before).map((request) => request.headers["idempotency-key"]);
    expect(keys).toEqual([`herald-attempt-${attemptId}`, `herald-attempt-${attemptId}`]);
    expect(await attemptsOf(database.db, communicationId)).toMatchObject([{ status: "accepted", retryCount: 1 }]);
  });

  it("sendgrid answering 503 (refused before it acted): retried as usual, not uncertain", async () => {
    const deps = depsFor("sendgrid");
    const { attemptId } = await queued(deps, { email: "billing@acme.example" });
    fakes.sendgrid.respondNext({ status: 503, json: { errors: [{ message: "Service Unavailable" }] } });
    expect(await handOverAttempt(deps, attemptId)).toMatchObject({ kind: "wait" });
    expect(await handOverAttempt(deps, attemptId)).toMatchObject({ kind: "accepted" });
  });
});
