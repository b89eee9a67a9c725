import ExcelJS from 'exceljs';
import { CONTROL_FAMILIES, type ControlFamily, type SoaRow } from '../../../shared/controls.js';
import { pdfReport } from '../../export/pdf-report.js';
import { EVIDENCE_LABEL, FAMILY_LABEL, FAMILY_THEME, SOA_WORDS, STATUS_LABEL, tokyo, type Lang } from './soa.words.js';

const RED = '#c92a2a';
const STATUS_COLOR: Record<string, string> = { implemented: '#2b8a3e', partial: '#e67700', planned: '#1864ab', not_started: '#495057', not_applicable: '#868e96' };

const title = (r: SoaRow, lang: Lang) => (lang === 'ja' ? r.titleJa || r.titleEn : r.titleEn || r.titleJa);
const description = (r: SoaRow, lang: Lang) => (lang === 'ja' ? r.descriptionJa || r.descriptionEn : r.descriptionEn || r.descriptionJa);
const justification = (r: SoaRow, lang: Lang) => (lang === 'ja' ? r.justificationJa || r.justificationEn : r.justificationEn || r.justificationJa);
const owner = (r: SoaRow, lang: Lang) => (r.ownerUnit ? (lang === 'ja' ? r.ownerUnit.nameJa : r.ownerUnit.nameEn) : '');
const clauses = (r: SoaRow) => r.clauseIds.map((c) => c.replace(/^P32-/, '')).join(', ');
const evidence = (r: SoaRow, lang: Lang) => `${EVIDENCE_LABEL[lang][r.evidenceState]}${r.evidenceValidUntil && r.evidenceState !== 'none' ? `\n${SOA_WORDS[lang].until(r.evidenceValidUntil)}` : ''}`;

interface Summary {
  family: ControlFamily | 'total';
  total: number;
  applicable: number;
  implemented: number;
  partial: number;
  planned: number;
  notStarted: number;
  notApplicable: number;
  expired: number;
}

/** Counts per family and in all, for the summary table and sheet. */
export function summarise(rows: SoaRow[]): Summary[] {
  const one = (family: Summary['family'], rs: SoaRow[]): Summary => ({
    family,
    total: rs.length,
    applicable: rs.filter((r) => r.applicable).length,
    implemented: rs.filter((r) => r.status === 'implemented').length,
    partial: rs.filter((r) => r.status === 'partial').length,
    planned: rs.filter((r) => r.status === 'planned').length,
    notStarted: rs.filter((r) => r.status === 'not_started').length,
    notApplicable: rs.filter((r) => !r.applicable).length,
    expired: rs.filter((r) => r.evidenceState === 'expired').length,
  });
  return [...CONTROL_FAMILIES.map((f) => one(f, rows.filter((r) => r.family === f))), one('total', rows)];
}
const summaryCells = (s: Summary) => [s.total, s.applicable, s.implemented, s.partial, s.planned, s.notStarted, s.notApplicable, s.expired];


/**
 * The statement of applicability as a PDF (A4 landscape, Noto Sans JP embedded): a summary per
 * family, then every control by family with its references, applicability and justification,
 * status, owner, evidence and linked risks. Times are Japan time.
 */
export function soaPdf(rows: SoaRow[], lang: Lang, now: Date): Promise<Buffer> {
  const w = SOA_WORDS[lang];
  const { doc, left, width, bottom, row: drawRow, finish } = pdfReport({ title: w.title, subject: w.subtitle, now, layout: 'landscape', margin: 32 });

  // ---- title and summary -------------------------------------------------------------------------
  doc.fontSize(18).text(w.title, left, doc.y);
  doc.fontSize(10).fillColor('#495057').text(w.subtitle);
  doc.text(`${w.generated}: ${tokyo(now)}`);
  doc.fontSize(8).text(w.note);
  doc.fillColor('#000000').moveDown(0.8);
  doc.fontSize(12).text(w.summary, left);
  doc.moveDown(0.3);
  const sw = [0.24, ...Array(8).fill(0.095)].map((f) => f * width);
  drawRow(w.summaryCols.map((t) => [{ text: t, size: 8 }]), sw, { header: true, fill: '#f1f3f5' });
  for (const s of summarise(rows)) {
    const name = s.family === 'total' ? w.allFamilies : FAMILY_LABEL[lang][s.family];
    drawRow([[{ text: name, size: 9 }], ...summaryCells(s).map((n, i) => [{ text: String(n), size: 9, color: i === 7 && n > 0 ? RED : undefined }])], sw, { fill: s.family === 'total' ? '#f8f9fa' : undefined });
  }

  // ---- the controls, family by family ------------------------------------------------------------
  const cw = [0.06, 0.245, 0.07, 0.08, 0.07, 0.19, 0.075, 0.08, 0.08, 0.04].map((f) => f * width);
  const header = () => drawRow(w.cols.map((t) => [{ text: t, size: 7.5 }]), cw, { header: true, fill: '#f1f3f5' });
  for (const family of CONTROL_FAMILIES) {
    const list = rows.filter((r) => r.family === family);
    if (!list.length) continue;
    if (doc.y + 80 > bottom()) doc.addPage();
    doc.moveDown(0.8).fontSize(12).fillColor('#000000').text(FAMILY_LABEL[lang][family], left);
    doc.fontSize(8).fillColor('#495057').text(FAMILY_THEME[lang][family], left).fillColor('#000000');
    doc.moveDown(0.3);
    header();
    for (const r of list) {
      drawRow(
        [
          [{ text: r.code, size: 8 }],
          [{ text: title(r, lang), size: 8.5 }, { text: description(r, lang), size: 6.5, color: '#495057' }],
          [{ text: r.isoRefs.join(', '), size: 7 }],
          [{ text: clauses(r), size: 7 }],
          [{ text: r.applicable ? w.yes : w.no, size: 7.5 }],
          [{ text: justification(r, lang), size: 7 }],
          [{ text: STATUS_LABEL[lang][r.status], size: 7.5, color: STATUS_COLOR[r.status] }],
          [{ text: owner(r, lang), size: 7 }],
          [{ text: evidence(r, lang), size: 7, color: r.evidenceState === 'expired' ? RED : undefined }],
          [{ text: String(r.riskCount), size: 7.5 }],
        ],
        cw,
        { repeat: header },
      );
    }
  }

  // ---- page numbers ------------------------------------------------------------------------------
  return finish(w.title, w.page);
}

/**
 * The statement of applicability as a workbook: one sheet with every control (filterable, header
 * frozen, expired evidence in red) and a summary sheet per family.
 */
export async function soaXlsx(rows: SoaRow[], lang: Lang, now: Date): Promise<Buffer> {
  const w = SOA_WORDS[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Mamori';
  wb.created = now;
  wb.title = w.title;
  const head = lang === 'ja'
    ? ['コード', '分野', '管理策', '説明', 'ISO/IEC 27002:2022', '方針の条項', '適用', '適用・除外の理由', '実施状況', '担当部門', 'エビデンス', 'エビデンスの有効期限', 'リスク数', '更新日時（日本時間）']
    : ['Code', 'Family', 'Control', 'Description', 'ISO/IEC 27002:2022', 'Policy clauses', 'Applicable', 'Justification', 'Status', 'Owner unit', 'Evidence', 'Evidence valid until', 'Risks', 'Updated (Japan time)'];
  const ws = wb.addWorksheet(w.sheet, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [10, 14, 36, 60, 18, 22, 10, 48, 14, 18, 12, 14, 8, 18].map((width, i) => ({ header: head[i], width }));
  const hr = ws.getRow(1);
  hr.font = { bold: true };
  hr.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F3F5' } };
  hr.alignment = { vertical: 'middle', wrapText: true };
  for (const r of rows) {
    const row = ws.addRow([
      r.code,
      FAMILY_LABEL[lang][r.family],
      title(r, lang),
      description(r, lang),
      r.isoRefs.join(', '),
      r.clauseIds.join(', '),
      r.applicable ? w.yes : w.no,
      justification(r, lang),
      STATUS_LABEL[lang][r.status],
      owner(r, lang),
      EVIDENCE_LABEL[lang][r.evidenceState],
      r.evidenceValidUntil ?? '',
      r.riskCount,
      tokyo(new Date(r.updatedAt)),
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(9).font = { color: { argb: `FF${(STATUS_COLOR[r.status] ?? '#000000').slice(1)}` } };
    if (r.evidenceState === 'expired') {
      row.getCell(11).font = { color: { argb: 'FFC92A2A' }, bold: true };
      row.getCell(12).font = { color: { argb: 'FFC92A2A' } };
    }
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: head.length } };

  const ss = wb.addWorksheet(w.summarySheet);
  ss.addRow([w.title]).font = { bold: true, size: 14 };
  ss.addRow([`${w.generated}: ${tokyo(now)}`]);
  ss.addRow([w.note]);
  ss.addRow([]);
  const sh = ss.addRow([...w.summaryCols]);
  sh.font = { bold: true };
  sh.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F3F5' } };
  for (const s of summarise(rows)) {
    const row = ss.addRow([s.family === 'total' ? w.allFamilies : FAMILY_LABEL[lang][s.family], ...summaryCells(s)]);
    if (s.family === 'total') row.font = { bold: true };
  }
  ss.getColumn(1).width = 22;
  for (let i = 2; i <= 9; i++) ss.getColumn(i).width = 14;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
