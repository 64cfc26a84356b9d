import type { Db } from "@/db/client";
import { listAttempts } from "@/db/queries/communication-log";
import { listCommunications } from "@/db/queries/communications";
import type { DownloadTab } from "@/db/queries/downloads";
import type { CommunicationFilters, Keyset, SortDirection } from "@/db/queries/filters";
import { ATTEMPT_KIND_LABELS, PROVIDER_NAMES } from "@/lib/attempts";
import { CATEGORY_LABELS, SUBJECT_TYPE_LABELS } from "@/lib/categories";
import { CHANNEL_NAMES, STATUS_LABELS } from "@/lib/status";
import { CSV_BOM, type CsvValue, csvRow } from "./csv";

// The CSV export of either tab: the columns on screen plus the ids, in the tab's order,
// read page by page with the tab's own list query and streamed as it is read.

const PAGE = 1000;

const OVERVIEW_HEADER = [
  "communication_id",
  "subject_type",
  "subject",
  "customer_id",
  "customer",
  "category",
  "channel",
  "status",
  "status_label",
  "last_activity_at",
  "attempts",
  "last_error",
  "ignored_at",
];
const LOG_HEADER = [
  "attempt_id",
  "communication_id",
  "created_at",
  "subject",
  "customer_id",
  "customer",
  "channel",
  "provider",
  "recipient",
  "kind",
  "seq",
  "repeats_attempt_id",
  "status",
  "status_label",
  "error",
  "ignored_at",
];

export function streamCsvExport(
  db: Db,
  params: { tab: DownloadTab; filters: CommunicationFilters; direction?: SortDirection },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = csvPages(db, params);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pages.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

async function* csvPages(
  db: Db,
  params: { tab: DownloadTab; filters: CommunicationFilters; direction?: SortDirection },
): AsyncGenerator<string> {
  const direction = params.direction ?? "desc";
  yield CSV_BOM + csvRow(params.tab === "log" ? LOG_HEADER : OVERVIEW_HEADER);
  let cursor: Keyset | undefined;
  do {
    let rows: CsvValue[][];
    if (params.tab === "log") {
      const page = await listAttempts(db, { filters: params.filters, limit: PAGE, direction, cursor });
      rows = page.rows.map((row) => [
        row.id,
        row.communicationId,
        row.createdAt,
        row.subjectRef,
        row.customerId,
        row.customerName,
        CHANNEL_NAMES[row.channel],
        PROVIDER_NAMES[row.provider],
        row.recipient,
        ATTEMPT_KIND_LABELS[row.kind],
        row.seq,
        row.repeatsAttemptId,
        STATUS_LABELS[row.status],
        row.statusLabel,
        row.errorMessage,
        row.ignoredAt,
      ]);
      cursor = page.nextCursor ?? undefined;
    } else {
      const page = await listCommunications(db, { filters: params.filters, limit: PAGE, direction, cursor });
      rows = page.rows.map((row) => [
        row.id,
        SUBJECT_TYPE_LABELS[row.subjectType],
        row.subjectRef,
        row.customerId,
        row.customerName,
        CATEGORY_LABELS[row.category],
        row.channel ? CHANNEL_NAMES[row.channel] : null,
        STATUS_LABELS[row.status],
        row.statusLabel,
        row.lastActivityAt,
        row.attemptCount,
        row.lastError,
        row.ignoredAt,
      ]);
      cursor = page.nextCursor ?? undefined;
    }
    if (rows.length > 0) yield rows.map(csvRow).join("");
  } while (cursor);
}
