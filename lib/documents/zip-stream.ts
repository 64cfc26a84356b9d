import { crc32, deflateRawSync } from "node:zlib";
import { Zip, ZipDeflate, type ZipInputFile, ZipPassThrough } from "fflate";

export type ZipEntry = {
  path: string;
  /** Whole bytes, or chunks read lazily (a manifest spooled to disk). */
  data: Uint8Array | string | (() => AsyncIterable<Uint8Array>);
  /** PDFs and other already-compressed files are stored: deflating them costs CPU for nothing. */
  compress: boolean;
  modifiedAt?: Date;
};

const encoder = new TextEncoder();

/**
 * A ZIP as a web ReadableStream that pulls its next entry only when the consumer wants
 * more bytes: the first bytes leave as soon as the first entry is deflated, and memory
 * holds one entry at a time whatever the archive's size. fflate's Zip queues the output
 * of an entry added before the previous one finished, so entries are added strictly one
 * after the other. No ZIP64: callers keep archives well under 4 GB.
 */
export function createZipStream(entries: AsyncIterable<ZipEntry>) {
  const iterator = entries[Symbol.asyncIterator]();
  // The entry being streamed chunk by chunk, if any.
  let current: { file: ZipDeflate | ZipPassThrough; chunks: AsyncIterator<Uint8Array> } | null = null;
  let pending: Uint8Array[] = [];
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else pending.push(chunk);
    if (final) finished = true;
  });
  // Ends the source early (its finally blocks remove temporary files).
  const stop = async () => {
    zip.terminate();
    await current?.chunks.return?.();
    await iterator.return?.();
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (pending.length === 0 && !finished) {
          if (current) {
            const chunk = await current.chunks.next();
            current.file.push(chunk.done ? new Uint8Array(0) : chunk.value, Boolean(chunk.done));
            if (chunk.done) current = null;
          } else {
            const next = await iterator.next();
            if (next.done) zip.end();
            else current = addEntry(zip, next.value);
          }
          if (failure) throw failure;
        }
        for (const chunk of pending) controller.enqueue(chunk);
        pending = [];
        if (finished) controller.close();
      } catch (error) {
        await stop().catch(() => undefined);
        controller.error(error);
      }
    },
    cancel: stop,
  });
}

function addEntry(zip: Zip, entry: ZipEntry) {
  if (typeof entry.data === "function") {
    const file = entry.compress ? new ZipDeflate(entry.path, { level: 6 }) : new ZipPassThrough(entry.path);
    if (entry.modifiedAt) file.mtime = entry.modifiedAt;
    zip.add(file);
    return { file, chunks: entry.data()[Symbol.asyncIterator]() };
  }
  const bytes = typeof entry.data === "string" ? encoder.encode(entry.data) : entry.data;
  if (!entry.compress) {
    const file = new ZipPassThrough(entry.path);
    if (entry.modifiedAt) file.mtime = entry.modifiedAt;
    zip.add(file);
    file.push(bytes, true);
    return null;
  }
  // Whole small entries (messages, manifests lines per attempt) are deflated by Node's
  // zlib: fflate's pure-JS deflater sets up its tables per entry, ~6× slower for the tens
  // of thousands of small files a large download holds. fflate still writes the archive.
  const file: ZipInputFile = { filename: entry.path, compression: 8, flag: 0, size: bytes.byteLength, crc: crc32(bytes), mtime: entry.modifiedAt, ondata: () => undefined };
  zip.add(file);
  file.ondata!(null, deflateRawSync(bytes), true);
  return null;
}
