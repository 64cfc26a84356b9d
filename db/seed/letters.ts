import { computeContentSha256 } from "@/db/content-hash";
import { type RenderInput, renderMessage } from "@/lib/templates/render";
import type { AttemptRow, SeedRows } from "./communication";

// A detail row's letter is the one the send path would post: rendered by the engine's
// templates (lib/templates/render.ts, channel "post"), snapshotted on the attempt with the
// letter PDF linked by its SHA-256 — and on its resends, which repeat the snapshot
// (lib/sending/resend-attempt.ts). Rendering is deterministic, so the seed stays so; it is
// too slow for every row at scale, hence detail rows only.

export type LetterRequest = { documentId: string; communicationId: string; createdAt: Date; input: RenderInput; attempts: AttemptRow[] };

export async function renderLetters(requests: readonly LetterRequest[], out: SeedRows): Promise<void> {
  for (const request of requests) {
    const rendered = await renderMessage(request.input);
    const letter = rendered.documents[0]!;
    out.documents.push({
      id: request.documentId,
      communicationId: request.communicationId,
      filename: letter.filename,
      contentType: letter.contentType,
      byteSize: letter.content.byteLength,
      sha256: letter.sha256,
      content: letter.content,
      createdAt: request.createdAt,
    });
    const content = { subject: rendered.subject, bodyText: rendered.bodyText, bodyHtml: rendered.bodyHtml };
    for (const attempt of request.attempts) {
      Object.assign(attempt, content, {
        contentSha256: computeContentSha256({ recipient: attempt.recipient, ...content }),
        meta: { templateKey: rendered.templateKey, templateVersion: rendered.templateVersion },
      });
      out.attemptDocuments.push({ attemptId: attempt.id!, documentId: request.documentId, position: 0, sha256: letter.sha256 });
    }
  }
}
