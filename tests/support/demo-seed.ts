// The demo data the seed tests write. Small on purpose (the default 5,000 is too slow for
// every run on PGlite); the hand-written showcase stories guarantee coverage at this size.
export const DEMO_SEED_NOW = new Date("2026-03-02T09:30:00Z");
export const DEMO_SEED_OPTIONS = { communications: 400, customers: 60, seed: 42, now: DEMO_SEED_NOW };
