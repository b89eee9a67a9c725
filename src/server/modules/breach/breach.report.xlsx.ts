import ExcelJS from 'exceljs';
import { REPORT_WORDS, type ReportData } from './breach.report.js';
import type { Lang } from './breach.words.js';

/** One sheet: the header facts, then item / content rows, then the clocks. */
export async function reportXlsx(d: ReportData, lang: Lang, now: Date): Promise<Buffer> {
  const w = REPORT_WORDS[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Mamori';
  wb.created = now;
  wb.title = d.title;
  const ws = wb.addWorksheet(w.sheet, { pageSetup: { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.getColumn(1).width = 36;
  ws.getColumn(2).width = 90;
  ws.addRow([d.title]).font = { bold: true, size: 14 };
  ws.addRow([d.note]);
  ws.addRow([]);
  for (const [k, v] of d.meta) ws.addRow([k, v]).getCell(1).font = { bold: true };
  ws.addRow([]);
  ws.addRow([d.heading]).font = { bold: true, size: 12 };
  const h = ws.addRow([w.item, w.content]);
  h.font = { bold: true };
  h.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F3F5' } };
  for (const it of d.items) {
    const row = ws.addRow([`${it.no}. ${it.title}`, it.text]);
    row.alignment = { vertical: 'top', wrapText: true };
    if (it.blank) row.getCell(2).font = { color: { argb: 'FFC92A2A' } };
  }
  if (d.clocks.length) {
    ws.addRow([]);
    ws.addRow([d.clocksTitle]).font = { bold: true, size: 12 };
    const ch = ws.addRow([...d.clockCols]);
    ch.font = { bold: true };
    for (const c of d.clocks) ws.addRow(c).alignment = { vertical: 'top', wrapText: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
