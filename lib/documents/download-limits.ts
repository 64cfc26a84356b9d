import { HeraldError } from "@/lib/errors";
import { readEnv } from "@/lib/env";
import { formatBytes } from "@/lib/format";

// Downloads are refused before the first byte when they would be too large, so nobody
// waits for a transfer that fails half-way. The browser holds the file until it is saved
// and the ZIP has no ZIP64 records, hence a ceiling well under 4 GB.
const DEFAULT_MAX_ZIP_BYTES = 1024 ** 3;
export const MAX_CSV_ROWS = 1_000_000;

/** A refused download, with the numbers its message names so the staff UI can say it in its language. */
export class DownloadRefusal extends HeraldError {
  constructor(
    status: number,
    code: "nothing_to_download" | "download_too_large" | "export_too_large",
    message: string,
    readonly values: { bytes?: number; attempts?: number; limit?: number; rows?: number } = {},
  ) {
    super(status, code, message);
  }
}

export function maxZipBytes(): number {
  return readEnv().HERALD_DOWNLOAD_MAX_BYTES ?? DEFAULT_MAX_ZIP_BYTES;
}

export function assertZipWithinLimit(estimate: { attempts: number; bytes: number }, limit = maxZipBytes()) {
  if (estimate.attempts === 0) {
    throw new DownloadRefusal(
      404,
      "nothing_to_download",
      "No send attempt matches this selection: nothing was sent yet, or the filters exclude everything — change the filters and try again",
    );
  }
  if (estimate.bytes > limit) {
    throw new DownloadRefusal(
      413,
      "download_too_large",
      `This download would be about ${formatBytes(estimate.bytes)} (${estimate.attempts.toLocaleString("en")} attempts), over the ${formatBytes(limit)} limit — narrow the filters (a shorter date range, one customer or one category) or select rows, then download again`,
      { bytes: estimate.bytes, attempts: estimate.attempts, limit },
    );
  }
}

export function assertCsvWithinLimit(rows: number) {
  if (rows > MAX_CSV_ROWS) {
    throw new DownloadRefusal(
      413,
      "export_too_large",
      `This export has ${rows.toLocaleString("en")} rows, over the ${MAX_CSV_ROWS.toLocaleString("en")}-row limit — narrow the filters (e.g. a shorter date range), then export again`,
      { rows, limit: MAX_CSV_ROWS },
    );
  }
}
