import { z } from "zod";

// Keyset cursors travel in the URL as opaque base64url "<iso timestamp>|<uuid>".
const cursorSchema = z.object({ at: z.iso.datetime({ offset: true }), id: z.uuid() });

export function encodeCursor(cursor: { at: Date; id: string }): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString("base64url");
}

/** Returns null for anything that is not a cursor we issued (a stale or edited link). */
export function decodeCursor(value: string | undefined): { at: Date; id: string } | null {
  if (!value) return null;
  const [at, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const parsed = cursorSchema.safeParse({ at, id });
  return parsed.success ? { at: new Date(parsed.data.at), id: parsed.data.id } : null;
}
