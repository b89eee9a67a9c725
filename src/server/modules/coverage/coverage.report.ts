import type { BreakdownRow, CoverageCounts, CoverageDimension, CoverageItem, CoveragePerson } from '../../../shared/coverage.js';
import { tokyo } from '../controls/public.js';
import { pdfReport, type PdfCell, type PdfRowOptions } from '../../export/pdf-report.js';
import { COVERAGE_WORDS, REPORT_WORDS, type Lang } from './coverage.words.js';
import type { EducationReportData, ReportInstitution } from './education-report.js';

type Cell = PdfCell;
const GREEN = '#2b8a3e';
const ORANGE = '#e67700';
const RED = '#c92a2a';
const BLUE = '#1864ab';
const GREY = '#adb5bd';
const pctColor = (p: number) => (p >= 90 ? GREEN : p >= 60 ? ORANGE : RED);
const pct = (p: number) => `${p.toFixed(1)}%`;

/** The shared report writer, with column widths given as fractions of the text width. */
function pdfWriter(opts: { title: string; subject: string; now: Date; layout?: 'portrait' | 'landscape' }) {
  const p = pdfReport({ ...opts, textSize: 8.5 });
  const row = (cells: Cell[], fractions: number[], o: PdfRowOptions = {}) => p.row(cells, fractions.map((f) => f * p.width), o);
  return { ...p, row };
}

const itemTitle = (i: Pick<CoverageItem, 'titleJa' | 'titleEn'>, lang: Lang) => (lang === 'ja' ? i.titleJa || i.titleEn : i.titleEn || i.titleJa);
const countCells = (c: CoverageCounts): Cell[] => [
  [{ text: String(c.assigned) }],
  [{ text: String(c.done) }],
  [{ text: String(c.pending) }],
  [{ text: String(c.overdue), color: c.overdue ? RED : undefined }],
  [{ text: pct(c.percentage), color: c.assigned ? pctColor(c.percentage) : undefined }],
];

/** One item's coverage by institution, research group, unit or role, as a PDF. */
export function coveragePdf(input: { item: CoverageItem; by: CoverageDimension; rows: BreakdownRow[]; lang: Lang; now: Date; scopeNames: string[] | null }): Promise<Buffer> {
  const { item, by, rows, lang, now } = input;
  const w = COVERAGE_WORDS[lang];
  const p = pdfWriter({ title: w.title, subject: `${item.code} ${itemTitle(item, lang)}`, now });
  const { doc, left } = p;
  doc.fontSize(17).text(w.title, left, doc.y);
  doc.fontSize(12).text(`${item.kind === 'document' ? w.document : w.course}: ${item.code} ${itemTitle(item, lang)}（${item.kind === 'document' ? w.version(item.version) : w.cycle(item.version)}）`);
  doc.fontSize(9).fillColor('#495057').text(`${w.generated}: ${tokyo(now)}`);
  doc.text(input.scopeNames ? w.scopeSome(input.scopeNames.join(lang === 'ja' ? '、' : ', ')) : w.scopeAll);
  doc.fillColor('#000000').moveDown(0.6);
  const fr = [0.4, 0.12, 0.12, 0.12, 0.12, 0.12];
  const align: ('left' | 'right')[] = ['left', 'right', 'right', 'right', 'right', 'right'];
  const header = () => p.row([[{ text: w.group[by] }], ...w.cols.map((t) => [{ text: t }])], fr, { header: true, fill: '#f1f3f5', align });
  header();
  p.row([[{ text: w.total }], ...countCells(item.counts)], fr, { fill: '#f8f9fa', align });
  for (const r of rows) p.row([[{ text: r.id === null ? w.none : lang === 'ja' ? r.nameJa : r.nameEn }], ...countCells(r.counts)], fr, { repeat: header, align });
  doc.moveDown(0.6).fontSize(8).fillColor('#495057').text(w.doubleCount, left);
  return p.finish(w.title, w.page);
}

/**
 * The yearly education report (A4 portrait): summary table, a bar chart of completion this year
 * against the previous year (pdfkit rectangles, no image), and per item the institutions with the
 * highest and lowest completion.
 */
export function educationReportPdf(data: EducationReportData, lang: Lang, now: Date): Promise<Buffer> {
  const w = REPORT_WORDS[lang];
  const p = pdfWriter({ title: w.title(data.fy), subject: w.subtitle, now });
  const { doc, left, width } = p;
  const title = (i: { titleJa: string; titleEn: string }) => itemTitle(i, lang);

  doc.fontSize(16).text(w.title(data.fy), left, doc.y);
  doc.fontSize(9).fillColor('#495057').text(w.subtitle);
  doc.text(w.period(data.from, data.to));
  doc.text(`${w.generated}: ${tokyo(now)}`);
  doc.fontSize(7.5).text(w.note);
  doc.fillColor('#000000').moveDown(0.8);

  if (!data.items.length) {
    doc.fontSize(11).text(w.nothing, left);
    return p.finish(w.title(data.fy), w.page);
  }

  // ---- summary table ---------------------------------------------------------------------------
  doc.fontSize(12).text(w.summary, left);
  doc.moveDown(0.3);
  const fr = [0.08, 0.1, 0.3, 0.08, 0.08, 0.08, 0.08, 0.1, 0.1];
  const align: ('left' | 'right')[] = ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'];
  const header = () => p.row(w.cols.map((t) => [{ text: t, size: 7.5 }]), fr, { header: true, fill: '#f1f3f5', align });
  header();
  for (const i of data.items) {
    const delta = i.previous ? i.percentage - i.previous.percentage : null;
    p.row(
      [
        [{ text: i.kind === 'course' ? w.course : w.document, size: 8 }],
        [{ text: i.code, size: 8 }],
        [{ text: title(i), size: 8 }],
        [{ text: String(i.audience) }],
        [{ text: String(i.completed) }],
        [{ text: pct(i.percentage), color: pctColor(i.percentage) }],
        [{ text: String(i.overdue), color: i.overdue ? RED : undefined }],
        [{ text: i.previous ? pct(i.previous.percentage) : w.noPrev }],
        [{ text: delta === null ? w.noPrev : w.points(delta), color: delta === null ? undefined : delta >= 0 ? GREEN : RED }],
      ],
      fr,
      { repeat: header, align },
    );
  }

  // ---- bar chart: one pair of bars per item ----------------------------------------------------
  const barH = 7;
  const gap = 8;
  const labelW = width * 0.3;
  const chartW = width - labelW - 40;
  const chartH = data.items.length * (barH * 2 + gap) + 40;
  if (doc.y + chartH + 30 > p.bottom()) doc.addPage();
  doc.moveDown(1).fontSize(12).fillColor('#000000').text(w.chart, left);
  doc.moveDown(0.3);
  const top = doc.y + 4;
  const x0 = left + labelW;
  // gridlines at 0, 25, 50, 75, 100 %
  for (const g of [0, 25, 50, 75, 100]) {
    const x = x0 + (chartW * g) / 100;
    doc.moveTo(x, top).lineTo(x, top + data.items.length * (barH * 2 + gap)).lineWidth(0.4).strokeColor('#dee2e6').stroke();
    doc.fontSize(7).fillColor('#868e96').text(`${g}%`, x - 10, top + data.items.length * (barH * 2 + gap) + 2, { width: 20, align: 'center', lineBreak: false });
  }
  data.items.forEach((i, n) => {
    const y = top + n * (barH * 2 + gap);
    doc.fontSize(7.5).fillColor('#000000').text(`${i.code} ${title(i)}`, left, y + 1, { width: labelW - 6, height: barH * 2, ellipsis: true, lineBreak: false });
    doc.rect(x0, y, Math.max(0.5, (chartW * i.percentage) / 100), barH).fill(BLUE);
    doc.fontSize(6.5).fillColor('#000000').text(pct(i.percentage), x0 + (chartW * i.percentage) / 100 + 3, y, { lineBreak: false });
    if (i.previous) {
      doc.rect(x0, y + barH, Math.max(0.5, (chartW * i.previous.percentage) / 100), barH).fill(GREY);
      doc.fontSize(6.5).fillColor('#495057').text(pct(i.previous.percentage), x0 + (chartW * i.previous.percentage) / 100 + 3, y + barH, { lineBreak: false });
    }
  });
  // legend
  const ly = top + data.items.length * (barH * 2 + gap) + 14;
  doc.rect(x0, ly, 10, 7).fill(BLUE);
  doc.fontSize(7.5).fillColor('#000000').text(w.legendNow(data.fy), x0 + 14, ly - 1, { lineBreak: false });
  doc.rect(x0 + 110, ly, 10, 7).fill(GREY);
  doc.fillColor('#000000').text(w.legendPrev(data.fy - 1), x0 + 124, ly - 1, { lineBreak: false });
  doc.x = left;
  doc.y = ly + 16;

  // ---- by institution ----------------------------------------------------------------------------
  doc.moveDown(0.8).fontSize(12).fillColor('#000000').text(w.byInstitution, left);
  const ifr = [0.55, 0.15, 0.15, 0.15];
  const ialign: ('left' | 'right')[] = ['left', 'right', 'right', 'right'];
  const instRow = (r: ReportInstitution) =>
    p.row([[{ text: lang === 'ja' ? r.nameJa : r.nameEn }], [{ text: String(r.audience) }], [{ text: String(r.completed) }], [{ text: pct(r.percentage), color: pctColor(r.percentage) }]], ifr, { align: ialign });
  for (const i of data.items) {
    if (!i.top.length) continue;
    if (doc.y + 90 > p.bottom()) doc.addPage();
    doc.moveDown(0.5).fontSize(10).fillColor('#000000').text(`${i.code} ${title(i)}`, left);
    p.row(w.instCols.map((t) => [{ text: t, size: 7.5 }]), ifr, { header: true, fill: '#f1f3f5', align: ialign });
    p.row([[{ text: w.top, size: 7.5, color: '#495057' }], [], [], []], ifr);
    i.top.forEach(instRow);
    if (i.bottom.length) {
      p.row([[{ text: w.bottom, size: 7.5, color: '#495057' }], [], [], []], ifr);
      i.bottom.forEach(instRow);
    }
  }
  return p.finish(w.title(data.fy), w.page);
}

/** Every person of one item with their state, as a PDF (the export "by person"). */
export function coveragePeoplePdf(input: { item: CoverageItem; people: CoveragePerson[]; lang: Lang; now: Date }): Promise<Buffer> {
  const { item, people, lang, now } = input;
  const w = COVERAGE_WORDS[lang];
  const p = pdfWriter({ title: w.title, subject: `${item.code} ${itemTitle(item, lang)}`, now, layout: 'landscape' });
  const { doc, left } = p;
  doc.fontSize(17).text(w.title, left, doc.y);
  doc.fontSize(12).text(`${item.kind === 'document' ? w.document : w.course}: ${item.code} ${itemTitle(item, lang)}（${item.kind === 'document' ? w.version(item.version) : w.cycle(item.version)}）`);
  doc.fontSize(9).fillColor('#495057').text(`${w.generated}: ${tokyo(now)}`);
  doc.fillColor('#000000').moveDown(0.6);
  const c = w.peopleCols;
  const fr = [0.2, 0.22, 0.26, 0.1, 0.1, 0.12];
  const header = () => p.row([c.name, c.email, c.institutions, c.status, c.dueOn, c.doneAt].map((t) => [{ text: t }]), fr, { header: true, fill: '#f1f3f5' });
  header();
  const statusColor = { done: GREEN, pending: '#000000', overdue: RED } as const;
  for (const r of people)
    p.row(
      [
        [{ text: lang === 'ja' ? r.nameJa : r.nameEn }],
        [{ text: r.email, size: 7.5 }],
        [{ text: r.institutions.map((i) => (lang === 'ja' ? i.nameJa : i.nameEn)).join(lang === 'ja' ? '、' : ', '), size: 7.5 }],
        [{ text: w.status[r.status], color: statusColor[r.status] }],
        [{ text: r.dueOn }],
        [{ text: r.doneAt ? tokyo(new Date(r.doneAt)) : '' }],
      ],
      fr,
      { repeat: header },
    );
  return p.finish(w.title, w.page);
}
