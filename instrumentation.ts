// Next calls register() once when a server starts. In the embedded default (no Inngest
// keys) it starts the in-process stand-in for Inngest: the sending workflows, the crons
// (Chorus Pro polling, provider-event purge) and the re-dispatch of work left queued.
// Imported lazily: the edge runtime must not load the database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ startEmbeddedRuntime }, { getDb }] = await Promise.all([import("./inngest/embedded"), import("./db/client")]);
  await startEmbeddedRuntime(getDb);
}
