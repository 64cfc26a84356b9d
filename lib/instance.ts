// This process's identity as a worker: it marks the outbox rows and hand-overs it holds,
// so that a restarted embedded runner can tell another process's claims (dead with it)
// from its own. Kept on globalThis: Next evaluates modules once per bundle, and every
// bundle of one process must use one id.

const globalForInstance = globalThis as typeof globalThis & { __heraldInstanceId?: string };

export function instanceId(): string {
  globalForInstance.__heraldInstanceId ??= `herald-${globalThis.crypto.randomUUID()}`;
  return globalForInstance.__heraldInstanceId;
}
