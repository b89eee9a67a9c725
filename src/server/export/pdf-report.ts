import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/** Noto Sans JP from an npm font package: every PDF embeds it, so Japanese needs no system font. */
export const REPORT_FONT = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');

/** A pdfkit document in the Japanese font, and the file it becomes once `doc.end()` is called. */
export function jpPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('jp', REPORT_FONT);
  doc.font('jp');
  return { doc, done };
}

/** A run of text in a table cell; a cell is one or more runs, each on its own line. */
export type PdfPart = { text: string; size?: number; color?: string };
export type PdfCell = PdfPart[];

export interface PdfRowOptions {
  /** A header row: a darker rule beneath. */
  header?: boolean;
  /** Background of the row. */
  fill?: string;
  /** Drawn at the top of a new page when the row does not fit (the table's header). */
  repeat?: () => void;
  /** Per column. */
  align?: ('left' | 'right')[];
}

/**
 * An A4 report (pdfkit, Noto Sans JP embedded so Japanese needs no system font): the document, its
 * text area, a row-table helper that starts a new page (repeating the header) when a row does not
 * fit, and `finish`, which numbers the pages in the footer and resolves to the file.
 */
export function pdfReport(opts: { title: string; subject: string; now: Date; layout?: 'portrait' | 'landscape'; margin?: number; textSize?: number }) {
  const { doc, done } = jpPdf({ size: 'A4', layout: opts.layout ?? 'portrait', margin: opts.margin ?? 40, bufferPages: true, info: { Title: opts.title, Author: 'Mamori', Subject: opts.subject, CreationDate: opts.now } });
  const size = opts.textSize ?? 8;
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 14;
  const height = (cell: PdfCell, cw: number) => cell.reduce((h, p) => h + doc.fontSize(p.size ?? size).heightOfString(p.text || ' ', { width: cw - 6 }), 0);

  /** One table row across the text width; `widths` in points. */
  const row = (cells: PdfCell[], widths: number[], o: PdfRowOptions = {}) => {
    const h = Math.max(...cells.map((c, i) => height(c, widths[i]!)), 10) + 6;
    if (doc.y + h > bottom()) {
      doc.addPage();
      o.repeat?.();
    }
    const y = doc.y;
    if (o.fill) doc.rect(left, y, width, h).fill(o.fill);
    let x = left;
    cells.forEach((cell, i) => {
      let cy = y + 3;
      for (const p of cell) {
        doc.fontSize(p.size ?? size).fillColor(p.color ?? '#000000');
        doc.text(p.text || ' ', x + 3, cy, { width: widths[i]! - 6, align: o.align?.[i] ?? 'left' });
        cy = doc.y;
      }
      x += widths[i]!;
    });
    doc.fillColor('#000000');
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).strokeColor(o.header ? '#868e96' : '#dee2e6').stroke();
    doc.x = left;
    doc.y = y + h;
  };

  /** Numbers every page ("<footer> — <page>") and ends the document. */
  const finish = (footer: string, page: (n: number, of: number) => string) => {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Below the bottom margin: lift the margin so pdfkit does not start a new page for the footer.
      const y = doc.page.height - doc.page.margins.bottom - 8;
      doc.page.margins.bottom = 0;
      doc.fontSize(7).fillColor('#868e96').text(`${footer} — ${page(i + 1, range.count)}`, left, y, { width, align: 'right', lineBreak: false });
    }
    doc.end();
    return done;
  };
  return { doc, left, width, bottom, row, finish };
}
