import { sha256Hex } from "@/db/content-hash";
import type { AttemptRow, BuildContext, SeedRows } from "./communication";
import { templateLocaleFor } from "./content";
import { buildPdf, buildUblInvoice } from "./documents";
import type { LetterRequest } from "./letters";
import { seededUuid, STREAM } from "./random";
import type { CommunicationDraft } from "./stories";

// The files a seeded communication carries, as communication.ts builds its attempt chain:
// the billing platform's documents (PDF, and the UBL for a Peppol invoice), which attempt
// carries which, and the letter a post attempt is rendered from (letters.ts).

export function letterRequest(
  ctx: BuildContext,
  draft: CommunicationDraft,
  communicationId: string,
  commIndex: number,
  row: AttemptRow,
): LetterRequest {
  const { customer } = draft;
  return {
    documentId: seededUuid(ctx.seed, STREAM.letterId, commIndex),
    communicationId,
    createdAt: row.createdAt!,
    attempts: [row],
    // The input lib/sending/create-attempt.ts renders a planned post attempt with.
    input: {
      category: draft.category,
      channel: "post",
      locale: templateLocaleFor(customer.locale),
      subject: { type: draft.subjectType, reference: draft.subjectRef },
      customer: {
        name: customer.name,
        reference: customer.externalRef,
        country: customer.country,
        postalAddress: row.recipientPostal ?? null,
      },
      data: draft.templateData,
      issuedAt: draft.createdAt,
    },
  };
}

type SeedDocument = { id: string; sha256: string; kind: "pdf" | "ubl" };

export function addDocuments(
  ctx: BuildContext,
  communicationId: string,
  commIndex: number,
  draft: CommunicationDraft,
  out: SeedRows,
): SeedDocument[] {
  const facts = draft.document!;
  const files: { kind: SeedDocument["kind"]; file: ReturnType<typeof buildPdf> }[] = [{ kind: "pdf", file: buildPdf(facts) }];
  const einvoice = draft.customer.contacts.einvoice;
  if (einvoice?.address.includes(":") && draft.subjectType === "invoice") {
    const file = buildUblInvoice({
      ...facts,
      amount: facts.amountValue,
      sellerEndpoint: ctx.sellerEndpoint,
      buyerEndpoint: einvoice.address,
    });
    files.push({ kind: "ubl", file });
  }
  return files.map(({ kind, file }, k) => {
    const doc = { id: seededUuid(ctx.seed, STREAM.documentId, commIndex * 2 + k), sha256: sha256Hex(file.content), kind };
    out.documents.push({
      id: doc.id,
      communicationId,
      filename: file.filename,
      contentType: file.contentType,
      byteSize: file.content.byteLength,
      sha256: doc.sha256,
      content: file.content,
      createdAt: draft.createdAt,
    });
    return doc;
  });
}

// E-mail carries the billing platform's PDF; Peppol the UBL (Chorus Pro takes the PDF);
// SMS and manual carry none. Post carries the rendered letter (letters.ts).
export function linkDocuments(docs: SeedDocument[], attempt: AttemptRow, out: SeedRows): void {
  if (attempt.channel === "sms" || attempt.channel === "manual" || attempt.channel === "post") return;
  const wantsUbl = attempt.channel === "einvoice" && attempt.provider === "peppol";
  const doc = docs.find((d) => d.kind === (wantsUbl ? "ubl" : "pdf")) ?? docs[0];
  if (doc) out.attemptDocuments.push({ attemptId: attempt.id!, documentId: doc.id, position: 0, sha256: doc.sha256 });
}
