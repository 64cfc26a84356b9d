import { bigserial, index, integer, jsonb, pgTable, timestamp } from "drizzle-orm/pg-core";
import type { Provider } from "./enums";

// One row per reconciliation run (lib/reconciliation/run.ts): what it asked each provider
// and what moved, and the failed attempts whose fallback it set off again. Tracking health
// shows the latest; rows older than 30 days are pruned by the run itself.

export type ReconciliationProviderSummary = {
  provider: Provider;
  /** The provider has a per-message status API (and this installation can ask it). */
  supported: boolean;
  /** Why it cannot be asked, when it cannot. */
  reason: string | null;
  /** Attempts past their SLA this run found (for an unsupported provider: left waiting). */
  due: number;
  checked: number;
  /** Asked, and the answer moved the status. */
  moved: number;
  /** Asked, and the provider says it is still on its way. */
  unchanged: number;
  /** Asked, and the provider did not know the message or could not be reached. */
  unknown: number;
  /** A few of the provider's error answers, for staff. */
  errors: string[];
};

export const reconciliationRuns = pgTable(
  "reconciliation_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
    checked: integer("checked").notNull(),
    moved: integer("moved").notNull(),
    unknown: integer("unknown").notNull(),
    /** Failures the answers applied, handed to the sending engine (herald/attempt.failed). */
    failuresPublished: integer("failures_published").notNull(),
    /** Failed attempts found without their fallback, and how many were handed over again. */
    strandedFound: integer("stranded_found").notNull(),
    strandedPublished: integer("stranded_published").notNull(),
    providers: jsonb("providers").$type<ReconciliationProviderSummary[]>().notNull(),
  },
  (t) => [index("reconciliation_runs_started_idx").on(t.startedAt.desc().nullsFirst())],
);
