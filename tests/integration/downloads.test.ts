import { createHash } from "node:crypto";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { unzipVerified } from "../support/zip-entries";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getCsv } from "@/app/api/downloads/csv/route";
import { GET as getZip } from "@/app/api/downloads/zip/route";
import { provideDatabase } from "@/db/client";
import { listAttempts } from "@/db/queries/communication-log";
import { estimateDownload } from "@/db/queries/downloads";
import type { CommunicationFilters, Keyset } from "@/db/queries/filters";
import { attemptDocuments, attempts, communications } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { streamProofZip } from "@/lib/documents/proof-zip";
import { signedInStaff } from "../support/staff-sessions";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// The ZIP is the proof: unzip it and check every claim it makes against the database and
// against the bytes themselves.
let database: TestDatabase;
let pair: { first: string; resend: string; communicationId: string };

type Manifest = {
  attempts: {
    attemptId: string;
    kind: string;
    status: string;
    statusLabel: string | null;
    providerMessageId: string | null;
    contentSha256AtSend: string;
    events: { type: string; receivedAt: string }[];
    files: { path: string; sha256: string; sha256AtSend: string | null }[];
    integrity: "ok" | "MISMATCH";
    problems: string[];
  }[];
  summary: { attempts: number; attemptsWithIntegrityProblems: number };
};

let viewerCookie: string;

beforeAll(async () => {
  stubEmbeddedEnv();
  database = await openTestDatabase();
  provideDatabase(database);
  await seedDemoData(database.db, { communications: 300, customers: 60, seed: 7, now: new Date("2026-11-20T12:00:00Z") });
  // docs/architecture.md §1 example: an invoice whose first e-mail failed and whose resend was delivered.
  const rows = await database.db.execute(sql`
    SELECT f.id AS first, r.id AS resend, f.communication_id AS "communicationId"
    FROM attempts f JOIN attempts r ON r.communication_id = f.communication_id AND r.seq = 2 AND r.kind = 'resend'
    JOIN attempt_documents d ON d.attempt_id = f.id
    WHERE f.seq = 1 AND f.status = 'failed' AND r.status = 'delivered' AND f.category = 'invoice' AND f.communication_ignored_at IS NULL
    ORDER BY f.created_at LIMIT 1`);
  pair = (rows as unknown as { rows: (typeof pair)[] }).rows[0]!;
  expect(pair).toBeDefined();
  viewerCookie = (await signedInStaff(database.db, "viewer")).cookie;
});

/** A GET as a signed-in viewer (downloads need a staff session). */
const asViewer = (url: string) => new Request(url, { headers: { cookie: viewerCookie } });
afterAll(() => database.close());

async function download(
  tab: "overview" | "log",
  filters: CommunicationFilters,
  options: { batchSize?: number; documentChunkBytes?: number } = {},
) {
  const stream = streamProofZip(database.db, { tab, filters, description: "test" }, options);
  const files = unzipVerified(new Uint8Array(await new Response(stream).arrayBuffer()));
  const text = (name: string) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(files[name]);
  return { files, text, manifest: JSON.parse(text("manifest.json")) as Manifest };
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("proof ZIP", () => {
  it("holds both attempts of a failed-then-resent invoice with their events, and every hash matches its file", async () => {
    const { files, text, manifest } = await download("log", { ids: [pair.first, pair.resend] });
    expect(manifest.attempts.map((entry) => [entry.attemptId, entry.kind, entry.status]).sort()).toEqual(
      [
        [pair.first, "First send", "Failed"],
        [pair.resend, "Resend", "Delivered"],
      ].sort(),
    );
    for (const entry of manifest.attempts) {
      expect(entry.integrity).toBe("ok");
      expect(entry.events.length).toBeGreaterThan(0);
      expect(entry.providerMessageId).toBeTruthy();
      const names = entry.files.map((file) => file.path.split("/").at(-1));
      expect(names).toEqual(expect.arrayContaining(["content.json", "message.eml", "message.txt"]));
      expect(names.some((name) => name?.endsWith(".pdf"))).toBe(true);
      for (const file of entry.files) {
        expect(files[file.path], file.path).toBeDefined();
        expect(sha256(files[file.path]!)).toBe(file.sha256);
        if (file.sha256AtSend) expect(file.sha256).toBe(file.sha256AtSend);
      }
      const content = entry.files.find((file) => file.path.endsWith("content.json"))!;
      expect(content.sha256).toBe(entry.contentSha256AtSend);
    }
    // The documents' hashes at send time, straight from the database, are in SHA256SUMS.
    const sent = await database.db
      .select({ sha256: attemptDocuments.sha256 })
      .from(attemptDocuments)
      .where(eq(attemptDocuments.attemptId, pair.first));
    const sums = text("SHA256SUMS").trim().split("\n");
    for (const { sha256: hash } of sent) expect(sums.some((line) => line.startsWith(`${hash}  `))).toBe(true);
    for (const line of sums) {
      const [hash, path] = line.split("  ");
      expect(sha256(files[path!]!), path).toBe(hash);
    }
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["manifest.csv", "manifest.json", "SHA256SUMS", "README.txt"]));
    expect(files["INTEGRITY-WARNING.txt"]).toBeUndefined();
    expect(text("README.txt")).toContain("sha256sum -c SHA256SUMS");
    const csv = text("manifest.csv");
    expect(csv.startsWith("\uFEFFattempt_id,")).toBe(true);
    expect(csv.trim().split("\r\n")).toHaveLength(3);
  });

  it("from the overview, holds every attempt of the communication", async () => {
    const { manifest } = await download("overview", { ids: [pair.communicationId] });
    const all = await database.db.select({ id: attempts.id }).from(attempts).where(eq(attempts.communicationId, pair.communicationId));
    expect(manifest.attempts.map((entry) => entry.attemptId).sort()).toEqual(all.map((row) => row.id).sort());
  });

  it("reads the whole filtered view in keyset batches, in the tab's order, each attempt once", async () => {
    const [{ customerId }] = (await database.db
      .select({ customerId: attempts.customerId })
      .from(attempts)
      .where(eq(attempts.id, pair.first))) as [{ customerId: string }];
    const filters = { customerId };
    const expected: string[] = [];
    let cursor: Keyset | undefined;
    do {
      const page = await listAttempts(database.db, { filters, limit: 100, cursor });
      expected.push(...page.rows.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(expected.length).toBeGreaterThan(7);
    const { manifest } = await download("log", filters, { batchSize: 3 });
    expect(manifest.attempts.map((entry) => entry.attemptId)).toEqual(expected);
    expect(manifest.summary.attempts).toBe(expected.length);
  });

  it("reads document bytes in bounded chunks in the order it writes them, whatever the batch holds", async () => {
    for (const documentChunkBytes of [1, 8 * 1024 * 1024]) {
      const { files, manifest } = await download("overview", { categories: ["invoice"] }, { batchSize: 80, documentChunkBytes });
      const documents = manifest.attempts
        .flatMap((entry) => entry.files)
        .filter((file) => file.sha256AtSend && !file.path.endsWith("content.json"));
      expect(documents.length).toBeGreaterThan(50);
      for (const file of documents) expect(sha256(files[file.path]!), file.path).toBe(file.sha256AtSend);
      expect(manifest.attempts.every((entry) => entry.integrity === "ok")).toBe(true);
    }
  });

  it("leaves ignored communications out unless the view shows them, and collecting data always", async () => {
    const [ignored] = await database.db
      .select({ id: attempts.id })
      .from(attempts)
      .where(isNotNull(attempts.communicationIgnoredAt))
      .limit(1);
    expect((await download("log", { ids: [ignored!.id] })).manifest.attempts).toHaveLength(0);
    expect((await download("log", { ids: [ignored!.id], showIgnored: true })).manifest.attempts).toHaveLength(1);
    const [collecting] = await database.db
      .select({ id: communications.id })
      .from(communications)
      .where(eq(communications.collectingData, true))
      .limit(1);
    expect(await estimateDownload(database.db, { tab: "overview", filters: { ids: [collecting!.id], showIgnored: true } })).toMatchObject({
      attempts: 0,
    });
  });
});

describe("download routes", () => {
  it("streams the ZIP with its size estimate, and refuses an oversized one up front with a way out", async () => {
    const url = `http://herald.test/api/downloads/zip?tab=log&ids=${pair.first},${pair.resend}`;
    const response = await getZip(asViewer(url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("x-herald-attempts")).toBe("2");
    const files = unzipVerified(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files)).toContain("manifest.json");

    vi.stubEnv("HERALD_DOWNLOAD_MAX_BYTES", "1000");
    try {
      const refused = await getZip(asViewer("http://herald.test/api/downloads/zip?tab=log"));
      expect(refused.status).toBe(413);
      expect((await refused.json()).error.message).toMatch(/over the .* limit — narrow the filters/);
    } finally {
      stubEmbeddedEnv();
    }
    const invalid = await getZip(asViewer("http://herald.test/api/downloads/zip?tab=log&ids=not-an-id"));
    expect(invalid.status).toBe(400);
  });

  it("exports the filtered log as CSV: BOM, header, one row per attempt of the view", async () => {
    const response = await getCsv(asViewer(`http://herald.test/api/downloads/csv?tab=log&quick=failed`));
    expect(response.status).toBe(200);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith("\uFEFFattempt_id,communication_id,created_at,")).toBe(true);
    const [{ failed }] = (await database.db
      .select({ failed: sql<number>`count(*)::int` })
      .from(attempts)
      .where(and(sql`${attempts.status} IN ('failed', 'rejected')`, sql`${attempts.communicationIgnoredAt} IS NULL`))) as [
      { failed: number },
    ];
    expect(text.trim().split("\r\n")).toHaveLength(failed + 1);
    expect(Number(response.headers.get("x-herald-rows"))).toBe(failed);
  });
});

// Last: it alters stored data behind the database's back.
describe("tampered content", () => {
  it("is reported in the manifest, the README and INTEGRITY-WARNING.txt instead of hidden", async () => {
    const [document] = await database.db
      .select({ id: attemptDocuments.documentId })
      .from(attemptDocuments)
      .where(eq(attemptDocuments.attemptId, pair.resend));
    await database.execRaw(`
      ALTER TABLE documents DISABLE TRIGGER USER;
      UPDATE documents SET content = convert_to('forged', 'UTF8') WHERE id = '${document!.id}';
      ALTER TABLE documents ENABLE TRIGGER USER;
      ALTER TABLE attempts DISABLE TRIGGER USER;
      UPDATE attempts SET body_text = body_text || ' (edited)' WHERE id = '${pair.first}';
      ALTER TABLE attempts ENABLE TRIGGER USER;`);
    const { files, text, manifest } = await download("log", { ids: [pair.first, pair.resend] });
    const byId = new Map(manifest.attempts.map((entry) => [entry.attemptId, entry]));
    expect(byId.get(pair.resend)!.integrity).toBe("MISMATCH");
    expect(byId.get(pair.resend)!.problems.join()).toMatch(/stored bytes hash to/);
    expect(byId.get(pair.first)!.integrity).toBe("MISMATCH");
    expect(byId.get(pair.first)!.problems.join()).toMatch(/message content/);
    expect(manifest.summary.attemptsWithIntegrityProblems).toBe(2);
    expect(text("INTEGRITY-WARNING.txt")).toContain("INTEGRITY WARNING");
    expect(text("README.txt")).toContain("INTEGRITY WARNING");
    expect(text("manifest.csv")).toContain("MISMATCH:");
    // SHA256SUMS keeps the hashes from send time, so `sha256sum -c` fails on the forged file.
    const forged = byId.get(pair.resend)!.files.find((file) => file.sha256AtSend && file.sha256 !== file.sha256AtSend)!;
    expect(text("SHA256SUMS")).toContain(`${forged.sha256AtSend}  ${forged.path}`);
    expect(sha256(files[forged.path]!)).not.toBe(forged.sha256AtSend);
  });
});

describe("download routes refuse", () => {
  it("anyone without a staff session: 401 with a message", async () => {
    const response = await getZip(new Request(`http://herald.test/api/downloads/zip?tab=log&ids=${pair.first}`));
    expect(response.status).toBe(401);
    expect((await getCsv(new Request("http://herald.test/api/downloads/csv?tab=log"))).status).toBe(401);
  });
});
