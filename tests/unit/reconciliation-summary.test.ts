import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { catalogue } from "@/lib/i18n/catalogue";
import { ReconciliationSummary } from "@/app/(staff)/communications/reconciliation-summary";
import { SENDGRID_NO_STATUS_API } from "@/lib/providers/status/unsupported";
import type { JobsHealth, ReconciliationHealth, WebhookInboxHealth } from "@/lib/tracking-health";

// Tracking health's reconciliation block: what the last run did, per provider, and the
// providers it cannot ask — SendGrid always, with why.

const NO_JOBS: JobsHealth = { running: 0, waiting: 0, overdue: 0, failing: 0, oldestWaitingAt: null, lastError: null };

const t = createTranslator({ locale: "en", messages: catalogue("en"), namespace: "tracking.reconciliation" });
const formatDate = (date: Date) => date.toISOString();

const EMPTY_INBOX: WebhookInboxHealth = { waiting: 0, oldestReceivedAt: null, overdue: false };

const text = (reconciliation: ReconciliationHealth, jobs: JobsHealth = NO_JOBS, inbox: WebhookInboxHealth = EMPTY_INBOX) =>
  renderToStaticMarkup(createElement(ReconciliationSummary, { reconciliation, jobs, inbox, t, formatDate }))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

const sendgrid = { provider: "sendgrid" as const, reason: SENDGRID_NO_STATUS_API, due: 3 };

describe("the reconciliation summary", () => {
  it("says whether jobs are waiting in the outbox, and why when publishing is failing", () => {
    const none = { lastRun: null, providers: [], withoutStatusApi: [] };
    expect(text(none)).toContain("Every queued job has been handed to the job runner.");
    const stuck = text(none, {
      ...NO_JOBS,
      waiting: 3,
      overdue: 2,
      failing: 3,
      oldestWaitingAt: new Date("2026-03-10T11:05:00Z"),
      lastError: "Inngest unavailable",
    });
    expect(stuck).toMatch(/3 jobs waiting since .+ — 2 for more than 5 minutes: publishing is failing \(last error: Inngest unavailable\)/);
    expect(stuck).not.toContain("running");
  });

  it("says when webhook requests wait in the inbox, and that statuses lag once they wait too long", () => {
    const none = { lastRun: null, providers: [], withoutStatusApi: [] };
    expect(text(none)).not.toContain("webhook request");
    const since = new Date("2026-03-10T11:05:00Z");
    expect(text(none, NO_JOBS, { waiting: 1, oldestReceivedAt: since, overdue: false })).toContain(
      "1 webhook request waiting to be applied since 2026-03-10T11:05:00.000Z.",
    );
    expect(text(none, NO_JOBS, { waiting: 40, oldestReceivedAt: since, overdue: true })).toMatch(
      /40 webhook requests waiting to be applied since .+ — for more than 2 minutes: applying is failing, and statuses lag/,
    );
  });

  it("shows the jobs the runner is running apart from those waiting", () => {
    const none = { lastRun: null, providers: [], withoutStatusApi: [] };
    expect(text(none, { ...NO_JOBS, running: 40 })).toContain("40 jobs running now.");
    expect(text(none, { ...NO_JOBS, running: 40 })).not.toContain("waiting");
    const both = text(none, { ...NO_JOBS, running: 1, waiting: 2, oldestWaitingAt: new Date("2026-03-10T11:05:00Z") });
    expect(both).toContain("1 job running now. 2 jobs waiting since 2026-03-10T11:05:00.000Z.");
    expect(both).not.toContain("publishing is failing");
  });

  it("says when reconciliation has not run, and which providers have no status API", () => {
    const shown = text({ lastRun: null, providers: [], withoutStatusApi: [{ ...sendgrid, due: 0 }] });
    expect(shown).toContain("Reconciliation has not run yet.");
    expect(shown).toContain("No status API: SendGrid — SendGrid has no per-message status API without the paid Email Activity add-on");
  });

  it("shows the last run: checked, moved, still unknown per provider, and the fallbacks set off again", () => {
    const at = new Date("2026-03-10T11:05:00Z");
    const shown = text({
      lastRun: {
        startedAt: at,
        finishedAt: at,
        checked: 3,
        moved: 2,
        unknown: 1,
        failuresPublished: 1,
        strandedFound: 1,
        strandedPublished: 1,
      },
      providers: [
        {
          provider: "resend",
          supported: true,
          reason: null,
          due: 2,
          checked: 2,
          moved: 1,
          unchanged: 0,
          unknown: 1,
          errors: ["Resend does not know e-mail x (HTTP 404)"],
        },
        { provider: "twilio", supported: true, reason: null, due: 1, checked: 1, moved: 1, unchanged: 0, unknown: 0, errors: [] },
        { provider: "pingen", supported: true, reason: null, due: 0, checked: 0, moved: 0, unchanged: 0, unknown: 0, errors: [] },
      ],
      withoutStatusApi: [sendgrid],
    });
    expect(shown).toContain("3 overdue attempts checked, 2 moved, 1 still unknown");
    expect(shown).toContain("1 failed attempt without a fallback, 1 handed over again");
    expect(shown).toContain("Resend 2 1 0 1");
    expect(shown).toContain("Twilio 1 1 0 0");
    expect(shown).not.toContain("Pingen");
    expect(shown).toContain("(3 overdue attempts cannot be checked)");
  });
});
