import type { EventType, GetStepTools, InngestFunction, StandardSchemaV1, TimeStr } from "inngest";
import type { inngest } from "./client";

// What a job is, once for both runtimes: inngest/registry.ts lists Herald's jobs in this
// shape, turns each into an Inngest function and hands the same objects to the embedded
// runner (inngest/local-runner.ts). The flow-control fields keep Inngest's names and
// meaning; they are narrowed to what the embedded runner can honour as well, so a job
// cannot ask Inngest for something the embedded default would silently skip.

/** The part of Inngest's step tools Herald's workflows use. */
export type WorkflowStep = Pick<GetStepTools<typeof inngest>, "run" | "sendEvent" | "sleep">;

export type LocalEvent = { name: string; data: Record<string, unknown>; id?: string };

/** What a cron-triggered run receives, on Inngest and embedded alike. */
export type ScheduledEvent = { name: "inngest/scheduled.timer"; data: { cron: string }; id?: string };

export type EventTrigger = EventType<string, StandardSchemaV1<Record<string, unknown>> | undefined>;
/** Inngest's cron() trigger; inngest/cron.ts lists the forms the embedded runner reads. */
export type CronTrigger = { cron: string };
export type JobTrigger = EventTrigger | CronTrigger;

/** An Inngest key expression limited to one event data field, which the embedded runner evaluates too. */
export type EventDataKey = `event.data.${string}`;

/** At most `limit` runs at once, per key value when a key is given, else per function. */
export type JobConcurrency = { limit: number; key?: EventDataKey };

/** At most `limit` run starts per `period`, `burst` of them at once (default 1: evenly spaced). */
export type JobThrottle = { limit: number; period: TimeStr; burst?: number; key?: EventDataKey };

/**
 * One run for up to `maxSize` events, started when the batch is full or `timeout` after its
 * first event. The handler reads them all from `events`; `event` is the first.
 */
export type JobBatch = { maxSize: number; timeout: `${number}s` };

/**
 * Tries after the first failure: `retries: 5` allows six. Inngest counts them per step and
 * replays memoised steps; the embedded runner re-runs the whole handler.
 */
export type JobRetries = NonNullable<InngestFunction.Options["retries"]>;

export type JobFlowControl = { retries: JobRetries; concurrency?: JobConcurrency; throttle?: JobThrottle; batchEvents?: JobBatch };

type EventOf<T> =
  T extends EventType<infer TName, infer TSchema>
    ? { name: TName; data: TSchema extends StandardSchemaV1<infer TData> ? TData : Record<string, unknown>; id?: string }
    : ScheduledEvent;

export type Job<T extends JobTrigger = JobTrigger> = JobFlowControl & {
  id: string;
  trigger: T;
  /** `events` holds the run's batch (`batchEvents`), or the one event. */
  handler: (input: { event: EventOf<T>; events: EventOf<T>[]; step: WorkflowStep }) => Promise<unknown>;
};

/**
 * Checks a handler against its trigger's payload, then widens the job so jobs of different
 * triggers fit one list. Events are validated against their schema before any handler runs.
 */
export function defineJob<T extends JobTrigger>(job: Job<T>): Job {
  return job as unknown as Job;
}

export function isCronTrigger(trigger: JobTrigger): trigger is CronTrigger {
  return "cron" in trigger;
}
