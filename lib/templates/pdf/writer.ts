import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { TemplateLocale } from "../locale";
import { SENDER } from "../sender";

// A small top-down text layout over pdf-lib (which only places text at coordinates):
// wrapped paragraphs, label/value rows and page breaks. Output is deterministic — dates,
// producer and ids come from the input, never the clock — so a document's SHA-256 is stable.

export const mm = (value: number) => (value * 72) / 25.4;

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
export const MARGIN = mm(20);
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BOTTOM = mm(20);
const GREY = rgb(0.42, 0.45, 0.5);

export type PdfMeta = { title: string; subject: string; locale: TemplateLocale; createdAt: Date };
type TextStyle = { size?: number; bold?: boolean; grey?: boolean };
export type Cell = { text: string; x: number; width: number; align?: "left" | "right" };

export class PdfWriter {
  /** Distance from the top of the current page to the next line's top, in points. */
  y = MARGIN;
  private page: PDFPage;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly charsets: Map<PDFFont, Set<number>>,
  ) {
    this.page = doc.addPage(PageSizes.A4);
  }

  static async create(meta: PdfMeta): Promise<PdfWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle(meta.title);
    doc.setSubject(meta.subject);
    doc.setAuthor(SENDER.name);
    doc.setCreator("Herald");
    doc.setProducer("Herald");
    doc.setLanguage(meta.locale);
    doc.setCreationDate(meta.createdAt);
    doc.setModificationDate(meta.createdAt);
    const regular = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    const charsets = new Map([regular, bold].map((font) => [font, new Set(font.getCharacterSet())]));
    return new PdfWriter(doc, regular, bold, charsets);
  }

  /** One line at an absolute position (top-down y), not moving the cursor. */
  textAt(value: string, x: number, y: number, style: TextStyle = {}, width?: number, align: "left" | "right" = "left"): void {
    const font = style.bold ? this.bold : this.regular;
    const size = style.size ?? 10;
    const text = this.encodable(value, font);
    const offset = align === "right" && width !== undefined ? width - font.widthOfTextAtSize(text, size) : 0;
    this.page.drawText(text, { x: x + offset, y: PAGE_HEIGHT - y - size, size, font, color: style.grey ? GREY : rgb(0, 0, 0) });
  }

  /** Wrapped text at the cursor, breaking pages as needed. */
  paragraph(value: string, style: TextStyle & { x?: number; width?: number; after?: number } = {}): void {
    const size = style.size ?? 10;
    const font = style.bold ? this.bold : this.regular;
    const width = style.width ?? CONTENT_WIDTH;
    for (const line of value.split("\n").flatMap((part) => this.wrap(this.encodable(part, font), font, size, width))) {
      this.ensureSpace(size * 1.4);
      this.textAt(line, style.x ?? MARGIN, this.y, style);
      this.y += size * 1.4;
    }
    this.y += style.after ?? size * 0.8;
  }

  /** One table row of single-line cells. */
  row(cells: Cell[], style: TextStyle = {}): void {
    const size = style.size ?? 10;
    this.ensureSpace(size * 1.6);
    for (const cell of cells) this.textAt(this.fit(cell.text, style, size, cell.width), cell.x, this.y, style, cell.width, cell.align);
    this.y += size * 1.6;
  }

  rule(): void {
    this.ensureSpace(mm(3));
    const y = PAGE_HEIGHT - this.y - mm(1);
    this.page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE_WIDTH - MARGIN, y }, thickness: 0.5, color: GREY });
    this.y += mm(3);
  }

  async save(): Promise<Uint8Array> {
    return this.doc.save({ useObjectStreams: false });
  }

  private ensureSpace(height: number): void {
    if (this.y + height <= PAGE_HEIGHT - BOTTOM) return;
    this.page = this.doc.addPage(PageSizes.A4);
    this.y = MARGIN;
  }

  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    let current = "";
    for (const word of text.split(" ")) {
      const candidate = current ? `${current} ${word}` : word;
      if (current && font.widthOfTextAtSize(candidate, size) > width) {
        lines.push(current);
        current = word;
      } else current = candidate;
    }
    return [...lines, current];
  }

  // Cells are one line: cut with an ellipsis rather than overflow into the next column.
  private fit(value: string, style: TextStyle, size: number, width: number): string {
    const font = style.bold ? this.bold : this.regular;
    let text = this.encodable(value, font);
    if (font.widthOfTextAtSize(text, size) <= width) return text;
    while (text.length > 1 && font.widthOfTextAtSize(`${text}…`, size) > width) text = text.slice(0, -1);
    return `${text}…`;
  }

  // The standard PDF fonts speak WinAnsi only (Latin-1 plus € – — …). Intl's narrow no-break
  // space becomes a space, accented letters outside it lose their accent, anything else "?".
  private encodable(value: string, font: PDFFont): string {
    const charset = this.charsets.get(font)!;
    let out = "";
    for (const char of value.replace(/[\u202f\u2009]/g, " ")) {
      if (charset.has(char.codePointAt(0)!)) out += char;
      else {
        const base = (LETTERS_WITHOUT_DECOMPOSITION[char] ?? char).normalize("NFKD").replace(/\p{M}/gu, "");
        out += base && [...base].every((c) => charset.has(c.codePointAt(0)!)) ? base : "?";
      }
    }
    return out;
  }
}

// Latin letters whose stroke is not a combining mark, so NFKD leaves them whole.
const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = { Ł: "L", ł: "l", Đ: "D", đ: "d", Ħ: "H", ħ: "h", ı: "i", Ŧ: "T", ŧ: "t" };
