import type { EventType, GetStepTools, StandardSchemaV1 } from "inngest";
import type { inngest } from "./client";

// The embedded default (docs/architecture.md §3): without Inngest configured, events and schedules run
// in this process. Handlers are the same plain workflow functions the Inngest functions
// call, given a `step` with the same contract — step.run results are JSON round-tripped as
// Inngest memoises them, step.sendEvent dispatches here — so code that works embedded works
// on Inngest. What it does not give: durability (a restart forgets pending runs and retry
// timers; the sending engine re-queues from the database on start-up) and memoised replays
// (a retry runs every step again).
//
// Later issues register their handlers here, e.g. the sending engine:
//   registerLocalFunction(attemptFailed, { id: "fall-back" }, ({ event, step }) => fallBack(event.data, step));
//
// State lives on globalThis: Next evaluates this module once per bundle, and a handler
// registered from one route must see events dispatched from another.

/** The part of Inngest's step tools Herald's workflows use. */
export type WorkflowStep = Pick<GetStepTools<typeof inngest>, "run" | "sendEvent" | "sleep">;

export type LocalEvent = { name: string; data: Record<string, unknown>; id?: string };

type EventOf<T> = T extends EventType<infer TName, infer TSchema>
  ? { name: TName; data: TSchema extends StandardSchemaV1<infer TData> ? TData : Record<string, unknown>; id?: string }
  : never;

/** At most `limit` runs at once per key, like Inngest's keyed concurrency (e.g. one key per provider). */
export type LocalConcurrency = { key: (event: LocalEvent) => string; limit: number };

type Registration = {
  id: string;
  retries: number;
  concurrency?: LocalConcurrency;
  handler: (input: { event: LocalEvent; step: WorkflowStep }) => Promise<unknown>;
};

type Schedule = { id: string; everyMs: number; run: (step: WorkflowStep) => Promise<unknown>; timer?: ReturnType<typeof setInterval> };

type RunnerState = {
  functions: Map<string, Registration[]>;
  schedules: Map<string, Schedule>;
  pending: Set<Promise<void>>;
  /** Recent event ids: a repeated id runs nothing, like Inngest's 24 h event dedupe. */
  seen: Set<string>;
  retryDelayMs: number;
  /** Keyed concurrency: runs in progress and runs waiting for a slot, per registration + key. */
  slots: Map<string, { running: number; waiting: (() => void)[] }>;
};

const globalForRunner = globalThis as typeof globalThis & { __heraldLocalRunner?: RunnerState };
const state = (globalForRunner.__heraldLocalRunner ??= {
  functions: new Map(),
  schedules: new Map(),
  pending: new Set(),
  seen: new Set(),
  retryDelayMs: 1000,
  slots: new Map(),
});
state.slots ??= new Map();

const SEEN_LIMIT = 10_000;

/** Registers a handler for an event; returns a function that removes it. */
export function registerLocalFunction<T extends EventType<string, StandardSchemaV1<Record<string, unknown>> | undefined>>(
  trigger: T,
  options: { id: string; retries?: number; concurrency?: LocalConcurrency },
  handler: (input: { event: EventOf<T>; step: WorkflowStep }) => Promise<unknown>,
): () => void {
  const registration: Registration = {
    id: options.id,
    retries: options.retries ?? 3,
    concurrency: options.concurrency,
    // Events are validated against the trigger's schema before dispatch.
    handler: handler as Registration["handler"],
  };
  const registered = (): Registration[] => state.functions.get(trigger.name) ?? [];
  state.functions.set(trigger.name, [...registered().filter((other) => other.id !== options.id), registration]);
  return () => state.functions.set(trigger.name, registered().filter((other) => other !== registration));
}

/** Starts every handler registered for each event, in the background; resolves once started. */
export async function dispatchLocally(events: readonly LocalEvent[]): Promise<void> {
  for (const event of events) {
    if (event.id) {
      if (state.seen.has(event.id)) continue;
      state.seen.add(event.id);
      if (state.seen.size > SEEN_LIMIT) state.seen.delete(state.seen.values().next().value!);
    }
    for (const registration of state.functions.get(event.name) ?? []) track(runWithRetries(registration, event));
  }
}

/** Resolves when every run started so far (and its retries) has finished. For tests and shutdown. */
export async function drainLocalRunner(): Promise<void> {
  while (state.pending.size > 0) await Promise.allSettled([...state.pending]);
}

/** A cron stand-in: `run` every `everyMs` once startLocalSchedules() is called. */
export function registerLocalSchedule(schedule: Omit<Schedule, "timer">): void {
  state.schedules.set(schedule.id, { ...state.schedules.get(schedule.id), ...schedule });
}

export function startLocalSchedules(): void {
  for (const schedule of state.schedules.values()) {
    if (schedule.timer) continue;
    const timer = setInterval(() => track(runSchedule(schedule)), schedule.everyMs);
    // A schedule must never keep a script or a build alive.
    timer.unref?.();
    schedule.timer = timer;
  }
}

export function localStep(): WorkflowStep {
  const step = {
    run: async (_id: string, fn: () => unknown) => jsonRoundTrip(await fn()),
    sendEvent: async (_id: string, payload: LocalEvent | LocalEvent[]) => {
      const events = Array.isArray(payload) ? payload : [payload];
      await dispatchLocally(events);
      return { ids: events.map((event) => event.id ?? "") };
    },
    // Herald's workflows sleep by milliseconds; the timer does not keep a script alive.
    sleep: (_id: string, ms: number) =>
      new Promise<void>((resolve) => {
        setTimeout(resolve, Math.max(0, ms)).unref?.();
      }),
  };
  // Inngest types run() through its middleware generics; this implements the same contract.
  return step as unknown as WorkflowStep;
}

/** Test hook: how long the first retry waits (doubling after). */
export function setLocalRetryDelay(ms: number): void {
  state.retryDelayMs = ms;
}

function track(run: Promise<void>): void {
  state.pending.add(run);
  void run.finally(() => state.pending.delete(run));
}

async function runWithRetries(registration: Registration, event: LocalEvent): Promise<void> {
  if (!registration.concurrency) return runAttempts(registration, event);
  const key = `${registration.id}:${registration.concurrency.key(event)}`;
  const slot = state.slots.get(key) ?? { running: 0, waiting: [] };
  state.slots.set(key, slot);
  if (slot.running >= registration.concurrency.limit) await new Promise<void>((resolve) => slot.waiting.push(resolve));
  slot.running++;
  try {
    await runAttempts(registration, event);
  } finally {
    slot.running--;
    const next = slot.waiting.shift();
    if (next) next();
    else if (slot.running === 0) state.slots.delete(key);
  }
}

async function runAttempts(registration: Registration, event: LocalEvent): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await registration.handler({ event, step: localStep() });
      return;
    } catch (error) {
      if (attempt >= registration.retries) {
        console.error(`[local runner] ${registration.id} failed for ${event.name} after ${attempt + 1} attempts`, error);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, state.retryDelayMs * 2 ** attempt));
    }
  }
}

async function runSchedule(schedule: Schedule): Promise<void> {
  try {
    await schedule.run(localStep());
  } catch (error) {
    console.error(`[local runner] scheduled ${schedule.id} failed; it runs again in ${schedule.everyMs / 1000} s`, error);
  }
}

function jsonRoundTrip(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
