import { z } from "zod";

// Keyset cursors travel in the URL as opaque base64url "<iso timestamp>|<uuid>", or
// "~<similarity>|<uuid>" for a search ranked by similarity (db/queries/filters.ts listPage).
// btoa/atob rather than Buffer: the table encodes the next-page cursor in the browser.
const dateCursor = z.object({ at: z.iso.datetime({ offset: true }), id: z.uuid() });
const rankCursor = z.object({ rank: z.coerce.number().min(0).max(1), id: z.uuid() });

export type Cursor = { at: Date; id: string } | { rank: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  const position = "at" in cursor ? cursor.at.toISOString() : `~${cursor.rank}`;
  return btoa(`${position}|${cursor.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Returns null for anything that is not a cursor we issued (a stale or edited link). */
export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value || !/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  let decoded: string;
  try {
    decoded = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const [position = "", id] = decoded.split("|");
  if (position.startsWith("~")) {
    const parsed = rankCursor.safeParse({ rank: position.slice(1), id });
    return parsed.success ? parsed.data : null;
  }
  const parsed = dateCursor.safeParse({ at: position, id });
  return parsed.success ? { at: new Date(parsed.data.at), id: parsed.data.id } : null;
}
