import { type CronSchedule, nextCronTime, parseCron } from "./cron";
import { acquireSlot, awaitThrottle, evaluateKey, type FlowState } from "./flow-control";
import { type CronTrigger, isCronTrigger, type Job, type JobTrigger, type LocalEvent, type ScheduledEvent, type WorkflowStep } from "./job";

// The embedded default (README.md, "Jobs"): without Inngest configured, events and crons
// run in this process. Jobs are the ones inngest/registry.ts serves to Inngest, with the
// same flow control: keyed concurrency, throttle, retries, and cron schedules read from
// the same expressions. Handlers get a `step` with the same contract — step.run results
// are JSON round-tripped as Inngest memoises them, step.sendEvent dispatches here — so
// code that works embedded works on Inngest. What it does not give: durability (a restart
// forgets pending runs and retry timers; inngest/embedded.ts re-queues from the database
// on start-up) and memoised replays (a retry runs every step again).
//
// A batched job (batchEvents) gets one run per batch, started when the batch is full, at
// its timeout, or when the outbox has dispatched all it claimed (flushLocalBatches).
//
// Like Inngest, concurrency counts runs executing: a run sleeping (step.sleep) or waiting
// for its next retry gives its slot up and queues for one again when it wakes.
//
// State lives on globalThis: Next evaluates this module once per bundle, and a handler
// registered from one route must see events dispatched from another.

type Scheduled = Job & { trigger: CronTrigger; schedule: CronSchedule; timer?: ReturnType<typeof setTimeout> };

/** Events waiting for a batched job's run (batchEvents), each with the caller waiting on it. */
type OpenBatch = { events: LocalEvent[]; settle: ((error: string | undefined) => void)[]; timer?: ReturnType<typeof setTimeout> };

type RunnerState = FlowState & {
  /** Event-triggered jobs, by event name. */
  functions: Map<string, Job[]>;
  /** The open batch of each batched job, by job id. */
  batches: Map<string, OpenBatch>;
  /** Cron-triggered jobs, by id. */
  schedules: Map<string, Scheduled>;
  pending: Set<Promise<void>>;
  /** Recent event ids: a repeated id runs nothing, like Inngest's 24 h event dedupe. */
  seen: Set<string>;
  retryDelayMs: number;
};

const globalForRunner = globalThis as typeof globalThis & { __heraldJobRunner?: RunnerState };
const state = (globalForRunner.__heraldJobRunner ??= {
  functions: new Map(),
  batches: new Map(),
  schedules: new Map(),
  pending: new Set(),
  seen: new Set(),
  retryDelayMs: 1000,
  slots: new Map(),
  gates: new Map(),
});

const SEEN_LIMIT = 10_000;
/** setTimeout holds at most 2^31 − 1 ms (about 24.8 days); a later cron run re-arms on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Hands the time a run waits to `wait`: without its concurrency slot, taken again after. */
type Pause = <T>(wait: () => Promise<T>) => Promise<T>;

/** Registers a job (an unsupported cron expression throws); returns a function that removes it. */
export function registerLocalFunction<T extends JobTrigger>(definition: Job<T>): () => void {
  const job = definition as unknown as Job;
  if (isCronTrigger(job.trigger)) {
    const scheduled: Scheduled = { ...job, trigger: job.trigger, schedule: parseCron(job.trigger.cron) };
    const replaced = state.schedules.get(job.id);
    // Registering a job again (a dev reload) keeps its schedule running, on one timer.
    const armed = replaced?.timer !== undefined;
    disarm(replaced);
    state.schedules.set(job.id, scheduled);
    if (armed) arm(scheduled);
    return () => {
      disarm(scheduled);
      if (state.schedules.get(job.id) === scheduled) state.schedules.delete(job.id);
    };
  }
  const name = job.trigger.name;
  const registered = (): Job[] => state.functions.get(name) ?? [];
  state.functions.set(name, [...registered().filter((other) => other.id !== job.id), job]);
  return () =>
    state.functions.set(
      name,
      registered().filter((other) => other !== job),
    );
}

/** What is registered, in the shape of Inngest's function options, to compare with what Inngest serves. */
export function listLocalFunctions() {
  const jobs = [...[...state.functions.values()].flat(), ...state.schedules.values()];
  return jobs.map(({ id, trigger, retries, concurrency, throttle, batchEvents }) => ({
    id,
    trigger: isCronTrigger(trigger) ? { cron: trigger.cron } : { event: trigger.name },
    retries,
    concurrency,
    throttle,
    batchEvents,
  }));
}

/** Starts every job registered for each event, in the background; resolves once started. */
export async function dispatchLocally(events: readonly LocalEvent[]): Promise<void> {
  for (const event of events) void runLocally(event);
}

/**
 * Starts every job registered for the event, in the background. The promise settles when
 * they all ended (with the last error of any run that exhausted its retries); an event
 * whose id this process already ran starts nothing and settles at once.
 */
export function runLocally(event: LocalEvent): Promise<{ error?: string }> {
  if (event.id) {
    if (state.seen.has(event.id)) return Promise.resolve({});
    state.seen.add(event.id);
    if (state.seen.size > SEEN_LIMIT) state.seen.delete(state.seen.values().next().value!);
  }
  const runs = (state.functions.get(event.name) ?? []).map((job: Job) => {
    const run = job.batchEvents ? joinBatch(job, event) : runJob(job, [event]);
    track(run.then(() => undefined));
    return run;
  });
  return Promise.all(runs).then((errors) => {
    const error = errors.find((message) => message !== undefined);
    return error === undefined ? {} : { error };
  });
}

/**
 * Starts every open batch now instead of at its timeout. The outbox calls it once it has
 * dispatched what it claimed: in this process nothing else publishes, so waiting longer
 * only delays the batch — events published later make the next one.
 */
export function flushLocalBatches(): void {
  for (const id of [...state.batches.keys()]) startBatch(id);
}

/** Resolves when every run started so far (and its retries) has finished. For tests and shutdown. */
export async function drainLocalRunner(): Promise<void> {
  while (state.pending.size > 0) await Promise.allSettled([...state.pending]);
}

/** Arms every registered cron job not armed yet: each runs at its expression's next time, then the next. */
export function startLocalSchedules(): void {
  for (const scheduled of state.schedules.values()) if (!scheduled.timer) arm(scheduled);
}

export function localStep(pause: Pause = (wait) => wait()): WorkflowStep {
  const step = {
    run: async (_id: string, fn: () => unknown) => jsonRoundTrip(await fn()),
    sendEvent: async (_id: string, payload: LocalEvent | LocalEvent[]) => {
      const events = Array.isArray(payload) ? payload : [payload];
      await dispatchLocally(events);
      return { ids: events.map((event) => event.id ?? "") };
    },
    // Herald's workflows sleep by milliseconds; the timer does not keep a script alive.
    sleep: (_id: string, ms: number) =>
      pause(
        () =>
          new Promise<void>((resolve) => {
            setTimeout(resolve, Math.max(0, ms)).unref?.();
          }),
      ),
  };
  // Inngest types run() through its middleware generics; this implements the same contract.
  return step as unknown as WorkflowStep;
}

/** Test hook: how long the first retry waits (doubling after). */
export function setLocalRetryDelay(ms: number): void {
  state.retryDelayMs = ms;
}

/** Work started on behalf of local runs (the outbox marking their rows done): drainLocalRunner waits for it too. */
export function trackLocalWork(work: Promise<void>): void {
  track(work);
}

function track(run: Promise<void>): void {
  state.pending.add(run);
  void run.finally(() => state.pending.delete(run));
}

/** Adds the event to the job's open batch; settles with the batch's run. */
function joinBatch(job: Job, event: LocalEvent): Promise<string | undefined> {
  const { maxSize, timeout } = job.batchEvents!;
  const batch = state.batches.get(job.id) ?? { events: [], settle: [] };
  state.batches.set(job.id, batch);
  const settled = new Promise<string | undefined>((resolve) => {
    batch.events.push(event);
    batch.settle.push(resolve);
  });
  if (batch.events.length >= maxSize) startBatch(job.id);
  // Not unref'd: a script awaiting the run must not exit while its batch waits.
  else batch.timer ??= setTimeout(() => startBatch(job.id), Number.parseFloat(timeout) * 1000);
  return settled;
}

function startBatch(jobId: string): void {
  const batch = state.batches.get(jobId);
  const job = [...state.functions.values()].flat().find((candidate) => candidate.id === jobId);
  state.batches.delete(jobId);
  if (!batch) return;
  clearTimeout(batch.timer);
  if (!job) {
    for (const settle of batch.settle) settle(`${jobId}: no longer registered`);
    return;
  }
  void runJob(job, batch.events).then((error) => {
    for (const settle of batch.settle) settle(error);
  });
}

/** Runs the job for the events (one, or a batch) under its flow control; resolves with the error when its retries ran out. */
async function runJob(job: Job, events: readonly LocalEvent[]): Promise<string | undefined> {
  const event = events[0]!;
  const { concurrency, throttle } = job;
  const holdSlot = concurrency
    ? () => acquireSlot(state, `${job.id}:${evaluateKey(concurrency.key, event)}`, concurrency.limit)
    : async () => () => {};
  let release = await holdSlot();
  const pause: Pause = async (wait) => {
    release();
    try {
      return await wait();
    } finally {
      release = await holdSlot();
    }
  };
  try {
    // Throttled after the slot is taken, so a run starts the moment it passes the
    // throttle and starts per period never exceed the limit. Retries are not throttled.
    if (throttle) await awaitThrottle(state, `${job.id}:${evaluateKey(throttle.key, event)}`, throttle);
    return await runAttempts(job, events, pause);
  } finally {
    release();
  }
}

async function runAttempts(job: Job, events: readonly LocalEvent[], pause: Pause): Promise<string | undefined> {
  const event = events[0]!;
  for (let attempt = 0; ; attempt++) {
    try {
      await job.handler({ event, events: [...events], step: localStep(pause) });
      return undefined;
    } catch (error) {
      if (attempt >= job.retries) {
        console.error(`[local runner] ${job.id} failed for ${event.name} after ${attempt + 1} attempts`, error);
        return `${job.id}: ${error instanceof Error ? error.message : String(error)}`;
      }
      const delayMs = state.retryDelayMs * 2 ** attempt;
      await pause(() => new Promise((resolve) => setTimeout(resolve, delayMs)));
    }
  }
}

function arm(scheduled: Scheduled): void {
  const at = nextCronTime(scheduled.schedule, new Date()).getTime();
  scheduled.timer = setTimeout(
    () => {
      // Fired early (a timer capped at MAX_TIMER_MS) only re-arms for the same time.
      if (Date.now() >= at) track(runJob(scheduled, [scheduledEvent(scheduled)]).then(() => undefined));
      arm(scheduled);
    },
    Math.min(at - Date.now(), MAX_TIMER_MS),
  );
  // A schedule must never keep a script or a build alive.
  scheduled.timer.unref?.();
}

function disarm(scheduled: Scheduled | undefined): void {
  if (scheduled?.timer) clearTimeout(scheduled.timer);
  if (scheduled) scheduled.timer = undefined;
}

function scheduledEvent(scheduled: Scheduled): ScheduledEvent {
  return { name: "inngest/scheduled.timer", data: { cron: scheduled.trigger.cron } };
}

function jsonRoundTrip(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
