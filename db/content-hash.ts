import { createHash } from "node:crypto";

// The meaning of `attempts.content_sha256` and `documents.sha256`. It lives beside the
// schema because every writer (seed, send path) and every checker (downloads, tests)
// must agree on it byte for byte.

export type RenderedContent = { subject: string | null; bodyText: string; bodyHtml: string | null };

/**
 * Canonical content hash of an attempt snapshot: lowercase hex SHA-256 of the UTF-8 bytes
 * of `JSON.stringify({ recipient, subject, bodyText, bodyHtml })` — exactly these four
 * keys in this order, a missing subject or HTML body written as `null`. The recipient is
 * part of it because the proof is "this content went to this address".
 */
export function computeContentSha256(content: RenderedContent & { recipient: string }): string {
  return sha256Hex(canonicalContent(content));
}

/** The exact string `computeContentSha256` hashes (written into downloads as content.json). */
export function canonicalContent(content: RenderedContent & { recipient: string }): string {
  return JSON.stringify({
    recipient: content.recipient,
    subject: content.subject ?? null,
    bodyText: content.bodyText,
    bodyHtml: content.bodyHtml ?? null,
  });
}

/** Lowercase hex SHA-256 of a document's bytes (or a string's UTF-8 bytes). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
