// Next calls register() once when a server starts. In the embedded default (no Inngest
// keys) it starts the in-process stand-in for Inngest: the sending workflows, the crons
// (Chorus Pro polling, provider-event purge) and the re-dispatch of work left queued.
// Logging is guarded first, so no error logged by this server shows query parameters.
// Imported lazily: the edge runtime must not load the database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ startEmbeddedRuntime }, { getDb }, { guardConsoleAgainstQueryParameters }] = await Promise.all([
    import("./inngest/embedded"),
    import("./db/client"),
    import("./lib/log-safety"),
  ]);
  // Errors Next, Inngest or a job log by themselves never show a failed query's parameters.
  guardConsoleAgainstQueryParameters();
  await startEmbeddedRuntime(getDb);
}
