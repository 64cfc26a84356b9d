// Next calls register() once when a server starts. In the embedded default (no Inngest
// keys) it starts the in-process stand-ins for Inngest's crons: Chorus Pro polling and the
// provider-event purge. Imported lazily: the edge runtime must not load the database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startEmbeddedSchedules } = await import("./inngest/embedded");
  startEmbeddedSchedules();
}
