import { sha256Hex } from "@/db/content-hash";
import type { Category } from "@/lib/status";

export type RenderedDocument = { filename: string; contentType: string; content: Uint8Array; sha256: string };

export function toDocument(filename: string, contentType: string, content: Uint8Array): RenderedDocument {
  return { filename, contentType, content, sha256: sha256Hex(content) };
}

/** "letter-invoice-INV-2026-000123.pdf": readable, and safe in any file system or archive. */
export function documentFilename(prefix: string, category: Category | null, reference: string, extension: string): string {
  const safe = reference.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, "") || "document";
  return `${[prefix, category?.replaceAll("_", "-"), safe].filter(Boolean).join("-")}.${extension}`;
}
