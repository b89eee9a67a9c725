import { jpPdf } from '../../export/pdf-report.js';
import type { ReportData } from './breach.report.js';

/** A4 portrait, Noto Sans JP embedded; each report item as a numbered heading with its text. */
export function reportPdf(d: ReportData, now: Date): Promise<Buffer> {
  const { doc, done } = jpPdf({ size: 'A4', margin: 48, bufferPages: true, info: { Title: d.title, Author: 'Mamori', CreationDate: now } });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(16).text(d.title, left, doc.y, { width });
  doc.moveDown(0.3).fontSize(8).fillColor('#495057').text(d.note, { width }).fillColor('#000000');
  doc.moveDown(0.6);
  for (const [k, v] of d.meta) {
    const y = doc.y;
    doc.fontSize(9).fillColor('#495057').text(k, left, y, { width: 130 });
    doc.fillColor('#000000').text(v, left + 135, y, { width: width - 135 });
    doc.y = Math.max(doc.y, y + 12);
  }
  doc.moveDown(0.8).fontSize(12).text(d.heading, left, doc.y, { width });
  for (const it of d.items) {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.5).fontSize(10.5).fillColor('#000000').text(`${it.no}. ${it.title}`, left, doc.y, { width });
    doc.moveDown(0.2).fontSize(9).fillColor(it.blank ? '#c92a2a' : '#000000').text(it.text, left + 12, doc.y, { width: width - 12 });
  }
  doc.fillColor('#000000');
  if (d.clocks.length) {
    if (doc.y > doc.page.height - 160) doc.addPage();
    doc.moveDown(0.8).fontSize(12).text(d.clocksTitle, left, doc.y, { width });
    const cw = [0.36, 0.2, 0.14, 0.3].map((f) => f * width);
    const row = (cells: readonly string[], header = false) => {
      const h = Math.max(...cells.map((c, n) => doc.fontSize(8.5).heightOfString(c || ' ', { width: cw[n]! - 6 }))) + 6;
      if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      if (header) doc.rect(left, y, width, h).fill('#f1f3f5').fillColor('#000000');
      let x = left;
      cells.forEach((c, n) => {
        doc.fontSize(8.5).text(c || ' ', x + 3, y + 3, { width: cw[n]! - 6 });
        x += cw[n]!;
      });
      doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).strokeColor('#dee2e6').stroke();
      doc.x = left;
      doc.y = y + h;
    };
    doc.moveDown(0.3);
    row(d.clockCols, true);
    for (const c of d.clocks) row(c);
  }
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    const y = doc.page.height - doc.page.margins.bottom + 16;
    doc.page.margins.bottom = 0;
    doc.fontSize(7).fillColor('#868e96').text(`${d.meta[0]![1]} — ${p + 1} / ${range.count}`, left, y, { width, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
