import { durationToMs } from "inngest";
import type { EventDataKey, JobThrottle, LocalEvent } from "./job";

// Inngest's concurrency and throttle, for the embedded runner (inngest/local-runner.ts).
// Inngest spaces throttled starts with GCRA; this is a sliding window that is never
// looser: at most `limit` starts in any `period`, and at most `burst` of them within
// burst × period / limit. Waiting runs start in the order they arrived, per key.

export type FlowState = {
  /** Keyed concurrency: runs holding a slot and runs waiting for one, per function + key. */
  slots: Map<string, Slot>;
  /** Throttle: recent starts and runs waiting to start, per function + key. */
  gates: Map<string, Gate>;
};

type Slot = { running: number; waiting: (() => void)[] };
type Gate = { starts: number[]; waiting: (() => void)[]; periodMs: number; timer?: ReturnType<typeof setTimeout> };

const DATA_PREFIX = "event.data.";

/** What an Inngest key expression `event.data.a.b` gives for this event; "" when absent. */
export function evaluateKey(expression: EventDataKey | undefined, event: LocalEvent): string {
  if (!expression) return "";
  let value: unknown = event.data;
  for (const field of expression.slice(DATA_PREFIX.length).split(".")) {
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[field] : undefined;
  }
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Waits for one of `limit` slots under `name`; resolves with the function that frees it. */
export async function acquireSlot(state: FlowState, name: string, limit: number): Promise<() => void> {
  let slot = state.slots.get(name);
  if (!slot) state.slots.set(name, (slot = { running: 0, waiting: [] }));
  const held = slot;
  // A freed slot passes straight to the next waiter, so no newcomer can slip in between.
  if (held.running < limit) held.running++;
  else await new Promise<void>((resolve) => held.waiting.push(resolve));
  let freed = false;
  return () => {
    if (freed) return;
    freed = true;
    const next = held.waiting.shift();
    if (next) return next();
    held.running--;
    if (held.running === 0 && state.slots.get(name) === held) state.slots.delete(name);
  };
}

/** Resolves when a run under `name` may start without exceeding the throttle. */
export function awaitThrottle(state: FlowState, name: string, throttle: JobThrottle): Promise<void> {
  const periodMs = durationToMs(throttle.period, { name: "throttle period" });
  let gate = state.gates.get(name);
  if (!gate) {
    forgetIdleGates(state);
    state.gates.set(name, (gate = { starts: [], waiting: [], periodMs }));
  }
  const opened = gate;
  return new Promise<void>((resolve) => {
    opened.waiting.push(resolve);
    release(opened, throttle);
  });
}

function release(gate: Gate, throttle: JobThrottle): void {
  if (gate.timer) return;
  const now = Date.now();
  const burst = throttle.burst ?? 1;
  while (gate.waiting.length > 0) {
    const at = nextStartAt(gate, throttle.limit, burst);
    if (at > now) {
      gate.timer = setTimeout(() => {
        gate.timer = undefined;
        release(gate, throttle);
      }, at - now);
      return;
    }
    gate.starts.push(now);
    if (gate.starts.length > Math.max(throttle.limit, burst)) gate.starts.shift();
    gate.waiting.shift()!();
  }
}

function nextStartAt({ starts, periodMs }: Gate, limit: number, burst: number): number {
  let at = -Infinity;
  if (starts.length >= limit) at = starts[starts.length - limit]! + periodMs;
  if (starts.length >= burst) at = Math.max(at, starts[starts.length - burst]! + (burst * periodMs) / limit);
  return at;
}

/** A gate nobody waits at and whose starts have all left the window holds nothing. */
function forgetIdleGates(state: FlowState): void {
  const now = Date.now();
  for (const [name, gate] of state.gates) {
    if (gate.waiting.length === 0 && (gate.starts.at(-1) ?? -Infinity) <= now - gate.periodMs) state.gates.delete(name);
  }
}
