import { computeContentSha256, sha256Hex } from "@/db/content-hash";
import type { DownloadAttempt } from "@/db/queries/downloads";
import { ATTEMPT_KIND_LABELS, PROVIDER_NAMES } from "@/lib/attempts";
import { CATEGORY_LABELS, SUBJECT_TYPE_LABELS } from "@/lib/categories";
import { CHANNEL_NAMES, STATUS_LABELS } from "@/lib/status";
import { csvRow } from "./csv";

// The proof inside every ZIP: one manifest entry per attempt (what, to whom, when, what the
// provider said) with the SHA-256 of every file, compared with the hashes Herald stored
// when the message was sent. A mismatch is reported, never smoothed over.

export type ManifestFile = {
  path: string;
  /** SHA-256 of the bytes in this ZIP. */
  sha256: string;
  /** The hash recorded at send time, for the files that have one (documents, content.json). */
  sha256AtSend: string | null;
  bytes: number;
};

export type ManifestEvent = { type: string; status: string | null; outcome: string; occurredAt: Date | null; receivedAt: Date };

export type ManifestEntry = ReturnType<typeof buildManifestEntry>;

export type DocumentCheck = { path: string; bytes: Uint8Array; storedSha256: string; sha256AtSend: string };

/** Hashes the files of one attempt and lists every way they disagree with the stored hashes. */
export function checkAttemptIntegrity(attempt: DownloadAttempt, documents: DocumentCheck[]) {
  const problems: string[] = [];
  const contentNow = computeContentSha256(attempt);
  if (contentNow !== attempt.contentSha256) {
    problems.push(`message content (content.json) hashes to ${contentNow}, not the ${attempt.contentSha256} stored at send time`);
  }
  const documentHashes = documents.map((document) => {
    const sha256 = sha256Hex(document.bytes);
    if (sha256 !== document.storedSha256) {
      problems.push(`${document.path}: the stored bytes hash to ${sha256}, not the document's stored ${document.storedSha256}`);
    }
    if (document.storedSha256 !== document.sha256AtSend) {
      problems.push(
        `${document.path}: the document's stored hash ${document.storedSha256} differs from ${document.sha256AtSend} recorded when it was sent`,
      );
    } else if (sha256 !== document.sha256AtSend) {
      problems.push(`${document.path}: the file differs from what was sent (hash at send ${document.sha256AtSend})`);
    }
    return sha256;
  });
  return { contentSha256Now: contentNow, documentHashes, problems };
}

export function buildManifestEntry(attempt: DownloadAttempt, files: ManifestFile[], events: ManifestEvent[], problems: string[]) {
  return {
    attemptId: attempt.id,
    communicationId: attempt.communicationId,
    subject: `${SUBJECT_TYPE_LABELS[attempt.subjectType]} ${attempt.subjectRef}`,
    category: CATEGORY_LABELS[attempt.category],
    customer: attempt.customerName,
    customerId: attempt.customerId,
    channel: CHANNEL_NAMES[attempt.channel],
    provider: PROVIDER_NAMES[attempt.provider],
    kind: ATTEMPT_KIND_LABELS[attempt.kind],
    seq: attempt.seq,
    recipient: attempt.recipient,
    // The language the message was written in, as recorded at send time (null: nothing rendered).
    language: attempt.locale,
    createdAt: attempt.createdAt.toISOString(),
    sentAt: attempt.sentAt?.toISOString() ?? null,
    status: STATUS_LABELS[attempt.status],
    statusLabel: attempt.statusLabel,
    providerMessageId: attempt.providerMessageId,
    contentSha256AtSend: attempt.contentSha256,
    events: events.map((event) => ({
      type: event.type,
      status: event.status,
      outcome: event.outcome,
      occurredAt: event.occurredAt?.toISOString() ?? null,
      receivedAt: event.receivedAt.toISOString(),
    })),
    files,
    integrity: problems.length === 0 ? ("ok" as const) : ("MISMATCH" as const),
    problems,
  };
}

export const MANIFEST_CSV_HEADER = csvRow([
  "attempt_id",
  "communication_id",
  "subject",
  "category",
  "customer",
  "customer_id",
  "channel",
  "provider",
  "kind",
  "seq",
  "recipient",
  "language",
  "created_at",
  "sent_at",
  "status",
  "status_label",
  "provider_message_id",
  "provider_events",
  "content_sha256_at_send",
  "files",
  "integrity",
]);

export function manifestCsvRow(entry: ManifestEntry): string {
  return csvRow([
    entry.attemptId,
    entry.communicationId,
    entry.subject,
    entry.category,
    entry.customer,
    entry.customerId,
    entry.channel,
    entry.provider,
    entry.kind,
    entry.seq,
    entry.recipient,
    entry.language,
    entry.createdAt,
    entry.sentAt,
    entry.status,
    entry.statusLabel,
    entry.providerMessageId,
    entry.events.map((event) => `${event.type} ${event.occurredAt ?? event.receivedAt}`).join("; "),
    entry.contentSha256AtSend,
    entry.files.map((file) => `${file.path} ${file.sha256}`).join("; "),
    entry.integrity === "ok" ? "ok" : `MISMATCH: ${entry.problems.join(" | ")}`,
  ]);
}

/** SHA256SUMS lines (`sha256sum -c` format) for the files that have a hash from send time. */
export function checksumLines(files: ManifestFile[]): string {
  return files
    .filter((file) => file.sha256AtSend)
    .map((file) => `${file.sha256AtSend}  ${file.path}\n`)
    .join("");
}

export type ZipSummary = { generatedAt: Date; scope: string; attempts: number; files: number; problems: number };

export function renderReadme(summary: ZipSummary): string {
  const warning =
    summary.problems > 0
      ? `\n!!! INTEGRITY WARNING: ${summary.problems} attempt(s) have files that no longer match the hashes
stored when they were sent. See INTEGRITY-WARNING.txt and the "integrity" column of
manifest.csv. Do not present those files as what the customer received.\n`
      : "\nIntegrity: every file matches the hash stored when it was sent.\n";
  return `Herald — proof of what was sent
Generated ${summary.generatedAt.toISOString()} for ${summary.scope}.
${summary.attempts} send attempt(s), ${summary.files} file(s).
${warning}
Layout
  <subject>_<category>_<communication>/attempt-<n>-<kind>-<channel>/
    content.json   the message exactly as sent (recipient, subject, text, HTML) in the
                   canonical form whose SHA-256 Herald stored at send time
    message.eml    e-mails, openable in any mail client (message.html: the HTML body)
    message.txt / sms.txt  the text as sent
    other files    the documents that went out with the attempt (invoice PDF, UBL, letter)

  manifest.csv / manifest.json  one entry per attempt: subject, customer, channel,
                   provider, recipient, the language the message was written in, sent at,
                   final status and label, provider message id, the provider events
                   received, the SHA-256 of every file and an integrity verdict. Provider events are kept 62 days; older attempts keep
                   their status and timestamps but list no raw events.

How to check the files yourself
  SHA256SUMS lists the hash Herald recorded at send time for every document and every
  content.json. In the unzipped folder run

      sha256sum -c SHA256SUMS          (Linux)
      shasum -a 256 -c SHA256SUMS      (macOS)

  Every line must end in "OK". A "FAILED" line is a file that differs from what was sent.
`;
}

export function renderIntegrityWarning(problems: string[], total: number): string {
  const listed = problems.map((problem) => `- ${problem}\n`).join("");
  const more = total > problems.length ? `…and ${total - problems.length} more: see manifest.csv (integrity column).\n` : "";
  return `INTEGRITY WARNING

Some files in this download no longer match the SHA-256 Herald stored when they were sent.
The database refuses changes to sent content, so a mismatch means the stored data was
altered outside Herald. Report it before using these files as proof.

${listed}${more}`;
}
