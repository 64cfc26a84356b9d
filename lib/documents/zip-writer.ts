import { crc32, deflateRawSync } from "node:zlib";
import { Deflate } from "fflate";

// A streaming ZIP writer (PKWARE APPNOTE 6.3) for archives of very many small entries.
// Written here rather than taken from fflate or archiver because both keep an object of
// about 1 KB per entry until the central directory is written (measured: 61 MB for 60,000
// entries) and neither writes the ZIP64 end record a download of more than 65,535 files
// needs. This one keeps each central-directory record as its 46 + name bytes, packed into
// shared pages, and never holds an entry's data after returning it.

const PAGE = 256 * 1024;
const UTF8_NAMES = 0x0800;
const DATA_DESCRIPTOR = 0x0008;
const MAX_32 = 0xffffffff;

export class ZipWriter {
  private offset = 0;
  private entries = 0;
  private pages: Buffer[] = [];
  private page = Buffer.alloc(PAGE);
  private used = 0;

  /** Local header and data of an entry whose bytes are all at hand. */
  whole(path: string, bytes: Uint8Array, { compress, modifiedAt }: { compress: boolean; modifiedAt?: Date }): Uint8Array[] {
    const name = Buffer.from(path, "utf8");
    // Window and memory sized to the entry: many short-lived zlib handles, flat memory.
    const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(bytes.byteLength + 1))));
    const data = compress ? deflateRawSync(bytes, { windowBits, memLevel: windowBits < 15 ? 5 : 8 }) : bytes;
    const entry = {
      name,
      method: compress ? 8 : 0,
      flags: UTF8_NAMES,
      crc: crc32(bytes),
      compressed: data.byteLength,
      size: bytes.byteLength,
      ...dosTime(modifiedAt),
    };
    const header = this.localHeader(entry);
    this.record(entry);
    this.advance(header.byteLength + data.byteLength);
    return [header, data];
  }

  /** An entry of unknown length, deflated chunk by chunk; sizes follow in a data descriptor. */
  async *streamed(path: string, chunks: AsyncIterable<Uint8Array>, { modifiedAt }: { modifiedAt?: Date } = {}): AsyncGenerator<Uint8Array> {
    const entry = {
      name: Buffer.from(path, "utf8"),
      method: 8,
      flags: UTF8_NAMES | DATA_DESCRIPTOR,
      crc: 0,
      compressed: 0,
      size: 0,
      ...dosTime(modifiedAt),
    };
    const header = this.localHeader(entry);
    const start = this.offset;
    this.advance(header.byteLength);
    yield header;
    const out: Uint8Array[] = [];
    const deflate = new Deflate({ level: 6 }, (chunk) => out.push(chunk));
    const drain = function* (writer: ZipWriter) {
      for (const chunk of out.splice(0)) {
        entry.compressed += chunk.byteLength;
        writer.advance(chunk.byteLength);
        yield chunk;
      }
    };
    for await (const chunk of chunks) {
      entry.crc = crc32(chunk, entry.crc);
      entry.size += chunk.byteLength;
      deflate.push(chunk);
      yield* drain(this);
    }
    deflate.push(new Uint8Array(0), true);
    yield* drain(this);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    this.advance(16);
    this.record(entry, start);
    yield descriptor;
  }

  /** The central directory and end records (ZIP64 ones when there are over 65,535 entries). */
  finish(): Uint8Array[] {
    const directory = [...this.pages, this.page.subarray(0, this.used)];
    const size = directory.reduce((sum, page) => sum + page.byteLength, 0);
    const at = this.offset;
    const tail: Uint8Array[] = [];
    const zip64 = this.entries > 0xffff;
    if (zip64) {
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(45, 12);
      record.writeUInt16LE(45, 14);
      record.writeBigUInt64LE(BigInt(this.entries), 24);
      record.writeBigUInt64LE(BigInt(this.entries), 32);
      record.writeBigUInt64LE(BigInt(size), 40);
      record.writeBigUInt64LE(BigInt(at), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(at + size), 8);
      locator.writeUInt32LE(1, 16);
      tail.push(record, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(zip64 ? 0xffff : this.entries, 8);
    end.writeUInt16LE(zip64 ? 0xffff : this.entries, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(at, 16);
    this.pages = [];
    return [...directory, ...tail, end];
  }

  private localHeader(entry: Entry): Buffer {
    const header = Buffer.alloc(30 + entry.name.byteLength);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(entry.flags, 6);
    header.writeUInt16LE(entry.method, 8);
    header.writeUInt16LE(entry.time, 10);
    header.writeUInt16LE(entry.date, 12);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.compressed, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(entry.name.byteLength, 26);
    entry.name.copy(header, 30);
    return header;
  }

  private record(entry: Entry, localOffset = this.offset) {
    const length = 46 + entry.name.byteLength;
    if (this.used + length > this.page.byteLength) {
      this.pages.push(this.page.subarray(0, this.used));
      this.page = Buffer.alloc(Math.max(PAGE, length));
      this.used = 0;
    }
    const r = this.page;
    const o = this.used;
    r.writeUInt32LE(0x02014b50, o);
    r.writeUInt16LE(20, o + 4);
    r.writeUInt16LE(20, o + 6);
    r.writeUInt16LE(entry.flags, o + 8);
    r.writeUInt16LE(entry.method, o + 10);
    r.writeUInt16LE(entry.time, o + 12);
    r.writeUInt16LE(entry.date, o + 14);
    r.writeUInt32LE(entry.crc, o + 16);
    r.writeUInt32LE(entry.compressed, o + 20);
    r.writeUInt32LE(entry.size, o + 24);
    r.writeUInt16LE(entry.name.byteLength, o + 28);
    r.writeUInt32LE(localOffset, o + 42);
    entry.name.copy(r, o + 46);
    this.used += length;
    this.entries += 1;
  }

  private advance(bytes: number) {
    this.offset += bytes;
    // No ZIP64 sizes or offsets: the download limit keeps archives far below 4 GB.
    if (this.offset > MAX_32) throw new Error("the ZIP passed 4 GB — narrow the filters and download again");
  }
}

type Entry = { name: Buffer; method: number; flags: number; crc: number; compressed: number; size: number; time: number; date: number };

// MS-DOS date and time (2-second precision, no zone): written in UTC like the manifests.
function dosTime(at = new Date()): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, at.getUTCFullYear()));
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}
