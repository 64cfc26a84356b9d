import { z } from "zod";

// Keyset cursors travel in the URL as opaque base64url "<iso timestamp>|<uuid>". btoa/atob
// rather than Buffer: the table encodes the next-page cursor in the browser.
const cursorSchema = z.object({ at: z.iso.datetime({ offset: true }), id: z.uuid() });

export function encodeCursor(cursor: { at: Date; id: string }): string {
  return btoa(`${cursor.at.toISOString()}|${cursor.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Returns null for anything that is not a cursor we issued (a stale or edited link). */
export function decodeCursor(value: string | undefined): { at: Date; id: string } | null {
  if (!value || !/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  let decoded: string;
  try {
    decoded = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const [at, id] = decoded.split("|");
  const parsed = cursorSchema.safeParse({ at, id });
  return parsed.success ? { at: new Date(parsed.data.at), id: parsed.data.id } : null;
}
