import { ZipWriter } from "./zip-writer";

export type ZipEntry = {
  path: string;
  /** Whole bytes, or chunks read lazily (a manifest spooled to disk). */
  data: Uint8Array | string | (() => AsyncIterable<Uint8Array>);
  /** PDFs and other already-compressed files are stored: deflating them costs CPU for nothing. */
  compress: boolean;
  modifiedAt?: Date;
};

const encoder = new TextEncoder();
// Entries are small (a message, a PDF): gather ~64 KB per read rather than handing the
// consumer hundreds of thousands of tiny chunks.
const CHUNK_BYTES = 64 * 1024;

/**
 * A ZIP as a web ReadableStream that pulls its next entry only when the consumer wants
 * more bytes: the first bytes leave as soon as the first entries are written, and memory
 * holds one entry (plus the compact central directory) whatever the archive's size.
 */
export function createZipStream(entries: AsyncIterable<ZipEntry>) {
  const iterator = entries[Symbol.asyncIterator]();
  const writer = new ZipWriter();
  // The entry being streamed chunk by chunk, if any.
  let current: AsyncGenerator<Uint8Array> | null = null;
  let finished = false;
  // Ends the source early (its finally blocks remove temporary files).
  const stop = async () => {
    await current?.return(undefined);
    await iterator.return?.();
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const add = (chunks: Uint8Array[]) => {
        pending.push(...chunks);
        pendingBytes += chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
      };
      try {
        while (pendingBytes < CHUNK_BYTES && !finished) {
          if (current) {
            const chunk = await current.next();
            if (chunk.done) current = null;
            else add([chunk.value]);
            continue;
          }
          const next = await iterator.next();
          if (next.done) {
            add(writer.finish());
            finished = true;
          } else if (typeof next.value.data === "function") {
            current = writer.streamed(next.value.path, next.value.data(), next.value);
          } else {
            const bytes = typeof next.value.data === "string" ? encoder.encode(next.value.data) : next.value.data;
            add(writer.whole(next.value.path, bytes, next.value));
          }
        }
        if (pending.length > 0) controller.enqueue(Buffer.concat(pending, pendingBytes));
        if (finished) controller.close();
      } catch (error) {
        await stop().catch(() => undefined);
        controller.error(error);
      }
    },
    cancel: stop,
  });
}
