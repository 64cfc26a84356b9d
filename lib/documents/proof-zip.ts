import { createReadStream } from "node:fs";
import { appendFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sha256Hex } from "@/db/content-hash";
import type { Db } from "@/db/client";
import { listCommunications } from "@/db/queries/communications";
import {
  type DownloadAttempt,
  type DownloadTab,
  listAttemptDocumentsForDownload,
  listAttemptEventsForDownload,
  listAttemptsOfCommunications,
  listDownloadAttempts,
  readDocumentContents,
} from "@/db/queries/downloads";
import type { CommunicationFilters, Keyset } from "@/db/queries/filters";
import { CSV_BOM } from "./csv";
import {
  buildManifestEntry,
  checkAttemptIntegrity,
  checksumLines,
  MANIFEST_CSV_HEADER,
  type ManifestEvent,
  type ManifestFile,
  manifestCsvRow,
  renderIntegrityWarning,
  renderReadme,
} from "./manifest";
import { renderMessageFiles } from "./message-files";
import { createZipStream, type ZipEntry } from "./zip-stream";

export type DownloadScope = { tab: DownloadTab; filters: CommunicationFilters; description: string };

type Options = { generatedAt?: Date; batchSize?: number; documentChunkBytes?: number };

// Listed problems in INTEGRITY-WARNING.txt; the manifest has all of them.
const MAX_LISTED_PROBLEMS = 500;

/**
 * The ZIP a staff member downloads as proof: per attempt its documents and rendered
 * message, plus manifest.csv / manifest.json / SHA256SUMS / README.txt (and
 * INTEGRITY-WARNING.txt when a stored hash no longer matches). Attempts are read in keyset
 * batches and the manifests are spooled to a temporary folder, so memory stays flat
 * however many attempts the view holds.
 */
export function streamProofZip(db: Db, scope: DownloadScope, options: Options = {}): ReadableStream<Uint8Array> {
  return createZipStream(proofEntries(db, scope, options));
}

async function* proofEntries(db: Db, scope: DownloadScope, options: Options): AsyncGenerator<ZipEntry> {
  const generatedAt = options.generatedAt ?? new Date();
  const spool = await mkdtemp(path.join(os.tmpdir(), "herald-zip-"));
  const spoolFile = (name: string) => path.join(spool, name);
  try {
    await appendFile(spoolFile("manifest.csv"), CSV_BOM + MANIFEST_CSV_HEADER);
    await appendFile(
      spoolFile("manifest.json"),
      `{"generatedAt":${JSON.stringify(generatedAt.toISOString())},"scope":${JSON.stringify(scope.description)},"attempts":[`,
    );
    await appendFile(spoolFile("SHA256SUMS"), "");
    const totals = { attempts: 0, files: 0, problems: 0 };
    const listedProblems: string[] = [];
    let problemCount = 0;

    for await (const batch of attemptBatches(db, scope, options.batchSize ?? 200)) {
      const attemptIds = batch.map((attempt) => attempt.id);
      const [documentRows, eventRows] = await Promise.all([
        listAttemptDocumentsForDownload(db, { attemptIds }),
        listAttemptEventsForDownload(db, { attemptIds }),
      ]);
      // The loader reads ahead in the order the attempts are written.
      const order = new Map(attemptIds.map((id, i) => [id, i]));
      documentRows.sort((a, b) => order.get(a.attemptId)! - order.get(b.attemptId)!);
      const contents = documentContentLoader(db, documentRows, options.documentChunkBytes ?? 8 * 1024 * 1024);
      let csv = "";
      let json = "";
      let sums = "";
      for (const attempt of batch) {
        const folder = attemptFolder(attempt);
        const messageFiles = renderMessageFiles(attempt).map((file) => ({
          ...file,
          path: `${folder}/${file.name}`,
          bytes: new TextEncoder().encode(file.content),
        }));
        const documents = [];
        const used = new Set(messageFiles.map((file) => file.name));
        for (const row of documentRows.filter((document) => document.attemptId === attempt.id)) {
          const name = uniqueName(safeSegment(row.filename), used);
          documents.push({ ...row, path: `${folder}/${name}`, bytes: await contents(row.documentId) });
        }
        const integrity = checkAttemptIntegrity(attempt, documents);
        const files: ManifestFile[] = [
          ...messageFiles.map((file) => ({
            path: file.path,
            sha256: file.role === "content" ? integrity.contentSha256Now : sha256Hex(file.bytes),
            sha256AtSend: file.role === "content" ? attempt.contentSha256 : null,
            bytes: file.bytes.byteLength,
          })),
          ...documents.map((document, i) => ({
            path: document.path,
            sha256: integrity.documentHashes[i]!,
            sha256AtSend: document.sha256AtSend,
            bytes: document.bytes.byteLength,
          })),
        ];
        for (const file of messageFiles) yield { path: file.path, data: file.bytes, compress: true, modifiedAt: attempt.createdAt };
        for (const document of documents) {
          yield {
            path: document.path,
            data: document.bytes,
            compress: isCompressible(document.contentType),
            modifiedAt: attempt.createdAt,
          };
        }
        const events: ManifestEvent[] = eventRows
          .filter((event) => event.attemptId === attempt.id)
          .map((event) => ({
            type: event.eventType,
            status: event.mappedStatus,
            outcome: event.outcome,
            occurredAt: event.occurredAt,
            receivedAt: event.receivedAt,
          }));
        const entry = buildManifestEntry(attempt, files, events, integrity.problems);
        csv += manifestCsvRow(entry);
        json += `${totals.attempts === 0 ? "" : ","}\n${JSON.stringify(entry)}`;
        sums += checksumLines(files);
        totals.attempts += 1;
        totals.files += files.length;
        if (integrity.problems.length > 0) {
          totals.problems += 1;
          problemCount += integrity.problems.length;
          const room = MAX_LISTED_PROBLEMS - listedProblems.length;
          if (room > 0)
            listedProblems.push(
              ...integrity.problems.slice(0, room).map((problem) => `${entry.subject}, attempt ${attempt.seq} (${attempt.id}): ${problem}`),
            );
        }
      }
      await Promise.all([
        appendFile(spoolFile("manifest.csv"), csv),
        appendFile(spoolFile("manifest.json"), json),
        appendFile(spoolFile("SHA256SUMS"), sums),
      ]);
    }

    await appendFile(
      spoolFile("manifest.json"),
      `\n],"summary":${JSON.stringify({ attempts: totals.attempts, files: totals.files, attemptsWithIntegrityProblems: totals.problems })}}\n`,
    );
    const fromSpool = (name: string) => () => createReadStream(spoolFile(name));
    yield { path: "manifest.csv", data: fromSpool("manifest.csv"), compress: true, modifiedAt: generatedAt };
    yield { path: "manifest.json", data: fromSpool("manifest.json"), compress: true, modifiedAt: generatedAt };
    yield { path: "SHA256SUMS", data: fromSpool("SHA256SUMS"), compress: true, modifiedAt: generatedAt };
    const summary = { generatedAt, scope: scope.description, ...totals };
    yield { path: "README.txt", data: renderReadme(summary), compress: true, modifiedAt: generatedAt };
    if (totals.problems > 0) {
      yield {
        path: "INTEGRITY-WARNING.txt",
        data: renderIntegrityWarning(listedProblems, problemCount),
        compress: true,
        modifiedAt: generatedAt,
      };
    }
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
}

/** The view's attempts in keyset batches: the log's own rows, or every attempt of the overview's rows. */
async function* attemptBatches(db: Db, scope: DownloadScope, batchSize: number): AsyncGenerator<DownloadAttempt[]> {
  let cursor: Keyset | undefined;
  do {
    if (scope.tab === "log") {
      const page = await listDownloadAttempts(db, { filters: scope.filters, limit: batchSize, cursor });
      if (page.rows.length > 0) yield page.rows;
      cursor = page.nextCursor ?? undefined;
    } else {
      // A communication has a handful of attempts: a quarter of the batch keeps batches comparable.
      const page = await listCommunications(db, { filters: scope.filters, limit: Math.max(1, Math.floor(batchSize / 4)), cursor });
      const order = new Map(page.rows.map((row, i) => [row.id, i]));
      const rows = await listAttemptsOfCommunications(db, { communicationIds: page.rows.map((row) => row.id) });
      if (rows.length > 0) yield rows.sort((a, b) => order.get(a.communicationId)! - order.get(b.communicationId)! || a.seq - b.seq);
      cursor = page.nextCursor ?? undefined;
    }
  } while (cursor);
}

/**
 * Reads document bytes in chunks of at most `chunkBytes` (one document at least), in the
 * order the batch needs them: few queries, bounded memory.
 */
function documentContentLoader(db: Db, rows: { documentId: string; byteSize: number }[], chunkBytes: number) {
  let loaded = new Map<string, Uint8Array>();
  let next = 0;
  return async (documentId: string): Promise<Uint8Array> => {
    const hit = loaded.get(documentId);
    if (hit) return hit;
    const found = rows.findIndex((row, i) => i >= next && row.documentId === documentId);
    next = found >= 0 ? found : rows.findIndex((row) => row.documentId === documentId);
    if (next < 0) throw new Error(`document ${documentId} is not part of this batch`);
    const ids = new Set<string>();
    let bytes = 0;
    for (let i = next; i < rows.length && (ids.size === 0 || bytes + rows[i]!.byteSize <= chunkBytes); i++) {
      if (!ids.has(rows[i]!.documentId)) bytes += rows[i]!.byteSize;
      ids.add(rows[i]!.documentId);
    }
    loaded = await readDocumentContents(db, { documentIds: [...ids] });
    const content = loaded.get(documentId);
    if (!content) throw new Error(`document ${documentId} disappeared while the download was streaming`);
    return content;
  };
}

function attemptFolder(attempt: DownloadAttempt): string {
  const communication = safeSegment(`${attempt.subjectRef}_${attempt.category}_${attempt.communicationId.slice(0, 8)}`);
  return `${communication}/attempt-${attempt.seq}-${attempt.kind}-${attempt.channel}`;
}

// ASCII only: every unzip tool reads it the same way.
function safeSegment(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^\.+/, "_")
      .slice(0, 100) || "file"
  );
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${n}-${name}`;
  used.add(candidate);
  return candidate;
}

// PDFs, images and archives are compressed already: stored as they are.
function isCompressible(contentType: string): boolean {
  return !/^(application\/(pdf|zip|gzip)|image\/|audio\/|video\/)/.test(contentType);
}
