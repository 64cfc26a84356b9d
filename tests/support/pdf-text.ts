import { decodePDFRawStream, PDFArray, PDFDocument, type PDFRawStream } from "pdf-lib";

// Reads back what Herald's PDF writer drew: each text run with its position (points, from the
// bottom-left), decoded from the page content streams. Enough to check what a letter says and
// where; not a general PDF text extractor.

export type TextRun = { text: string; x: number; y: number; page: number };

export async function readPdf(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const runs: TextRun[] = [];
  doc.getPages().forEach((page, pageIndex) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      const source = new TextDecoder("latin1").decode(decodePDFRawStream(stream as PDFRawStream).decode());
      for (const match of source.matchAll(/1 0 0 1 ([\d.-]+) ([\d.-]+) Tm\s*<([0-9A-F]*)> Tj/g)) {
        const text = decodeWinAnsi(Buffer.from(match[3]!, "hex"));
        runs.push({ text, x: Number(match[1]), y: Number(match[2]), page: pageIndex });
      }
    }
  });
  return {
    pageCount: doc.getPageCount(),
    sizes: doc.getPages().map((page) => page.getSize()),
    title: doc.getTitle(),
    producer: doc.getProducer(),
    runs,
    text: runs.map((run) => run.text).join("\n"),
  };
}

// Node's TextDecoder("windows-1252") decodes as ISO-8859-1, losing €, — and the quotes in 0x80–0x9F.
const WIN_ANSI_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function decodeWinAnsi(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => (byte >= 0x80 && byte <= 0x9f ? WIN_ANSI_HIGH[byte - 0x80]! : String.fromCharCode(byte))).join("");
}
