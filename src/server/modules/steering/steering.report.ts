import type { SteeringReportDto } from '../../../shared/steering.js';
import type { ViolationSeverity } from '../../../shared/violations.js';
import { pdfReport, type PdfCell } from '../../export/pdf-report.js';
import { tokyo } from '../controls/public.js';
import { SEVERITY_COLUMNS } from './steering.data.js';
import { ACTION_KIND_LABEL, CLOCK_LABEL, INCIDENT_KIND_LABEL, OUTCOME_LABEL, SANCTION_SEVERITY_LABEL, SEVERITY_LABEL, STEERING_WORDS, type Lang } from './steering.words.js';

const RED = '#c92a2a';
/** An ideographic space between items on one line. */
const GAP = '\u3000';
const BAR = '#1c7ed6';
const OUTCOME_COLOR: Record<string, string> = { met: '#2b8a3e', missed: RED, overdue: RED, pending: '#e67700', waived: '#868e96' };

type Cell = PdfCell;

/**
 * The steering committee report as a PDF (A4 portrait, Noto Sans JP embedded), in Japanese or
 * English: the summary, incidents by kind and severity with a bar chart drawn with pdfkit
 * primitives, reportable breaches with each deadline's outcome, corrective actions, and the
 * sanctions decided (subjects named or numbered, as the data says). Times are Japan time.
 */
export function steeringReportPdf(d: SteeringReportDto, lang: Lang): Promise<Buffer> {
  const w = STEERING_WORDS[lang];
  const now = new Date(d.generatedAt);
  const { doc, left, width, bottom, row: drawRow, finish } = pdfReport({ title: w.title, subject: `${d.from} – ${d.to}`, now });
  const heading = (text: string, note?: string) => {
    if (doc.y + 90 > bottom()) doc.addPage();
    doc.moveDown(0.8).fontSize(12.5).fillColor('#000000').text(text, left);
    if (note) doc.fontSize(8).fillColor('#495057').text(note, left, doc.y, { width }).fillColor('#000000');
    doc.moveDown(0.3);
  };
  const plain = (t: string | number, size = 8.5, color?: string): Cell => [{ text: String(t), size, color }];

  // ---- title ------------------------------------------------------------------------------------
  doc.fontSize(8).fillColor(RED).text(w.confidential, left, doc.y, { width, align: 'right' });
  doc.fontSize(17).fillColor('#000000').text(w.title, left);
  doc.fontSize(9.5).fillColor('#495057').text(w.subtitle);
  doc.text(`${w.period}: ${d.from} – ${d.to}${d.meeting ? `${GAP}${w.meeting}: ${d.meeting}` : ''}`);
  if (d.previous) doc.text(`${w.previous}: ${d.previous.from} – ${d.previous.to}`);
  doc.text(`${w.generated}: ${tokyo(now)}${GAP}${w.names}: ${d.names === 'named' ? w.named : w.anonymized}`);
  doc.fillColor('#000000');

  heading(w.summary);
  doc.fontSize(9.5).text(lang === 'ja' ? d.summaryJa : d.summaryEn, left, doc.y, { width, lineGap: 2 });

  // ---- 1. incidents by kind and severity, with a bar chart ---------------------------------------
  heading(w.incidents, w.incidentsNote);
  const iw = [0.34, ...SEVERITY_COLUMNS.map(() => 0.1), 0.16].map((f) => f * width);
  drawRow([plain(w.kind, 8), ...SEVERITY_COLUMNS.map((s) => plain(SEVERITY_LABEL[lang][s]!, 8)), plain(w.total, 8)], iw, { header: true, fill: '#f1f3f5' });
  for (const k of d.incidents.byKind) {
    drawRow([plain(INCIDENT_KIND_LABEL[lang][k.kind]), ...SEVERITY_COLUMNS.map((s) => plain(k.bySeverity[s] ?? 0)), plain(k.total)], iw);
  }
  drawRow([plain(w.total), ...SEVERITY_COLUMNS.map((s) => plain(d.incidents.byKind.reduce((a, k) => a + (k.bySeverity[s] ?? 0), 0))), plain(d.incidents.total)], iw, { fill: '#f8f9fa' });
  doc.fontSize(8).fillColor('#495057').text(`${w.dismissed}: ${d.incidents.dismissed}`, left, doc.y + 3).fillColor('#000000');

  if (d.incidents.byKind.length) {
    const barH = 12;
    const gap = 5;
    const chartH = d.incidents.byKind.length * (barH + gap) + 30;
    if (doc.y + chartH > bottom()) doc.addPage();
    doc.moveDown(0.6).fontSize(9.5).text(w.chart, left);
    const top = doc.y + 4;
    const labelW = width * 0.34;
    const plotW = width - labelW - 40;
    const max = Math.max(...d.incidents.byKind.map((k) => k.total), 1);
    d.incidents.byKind.forEach((k, i) => {
      const y = top + i * (barH + gap);
      doc.fontSize(8).fillColor('#000000').text(INCIDENT_KIND_LABEL[lang][k.kind], left, y + 1, { width: labelW - 6, align: 'right', lineBreak: false });
      const bw = Math.max((k.total / max) * plotW, 1);
      doc.rect(left + labelW, y, bw, barH).fill(BAR);
      doc.fillColor('#000000').fontSize(8).text(String(k.total), left + labelW + bw + 4, y + 1, { lineBreak: false });
    });
    const axisY = top + d.incidents.byKind.length * (barH + gap);
    doc.moveTo(left + labelW, top - 2).lineTo(left + labelW, axisY).lineWidth(0.5).strokeColor('#868e96').stroke();
    doc.x = left;
    doc.y = axisY + 6;
  }

  // ---- 2. breaches and deadlines -----------------------------------------------------------------
  heading(w.breaches, w.breachesNote);
  const order = ['met', 'missed', 'overdue', 'pending', 'waived'] as const;
  const cw = [0.35, ...order.map(() => 0.13)].map((f) => f * width);
  drawRow([plain(w.clock, 8), ...order.map((o) => plain(OUTCOME_LABEL[lang][o], 8))], cw, { header: true, fill: '#f1f3f5' });
  if (!d.breaches.byClock.length) drawRow([plain(w.none), ...order.map(() => plain(''))], cw);
  for (const c of d.breaches.byClock) drawRow([plain(CLOCK_LABEL[lang][c.kind]), ...order.map((o) => plain(c[o], 8.5, c[o] > 0 && (o === 'missed' || o === 'overdue') ? RED : undefined))], cw);
  if (d.breaches.items.length) {
    doc.moveDown(0.5);
    const named = d.names === 'named';
    const bw = (named ? [0.14, 0.16, 0.22, 0.1, 0.38] : [0.15, 0.2, 0.12, 0.53]).map((f) => f * width);
    const header = () => drawRow((named ? w.breachCols : w.breachColsAnon).map((t) => plain(t, 8)), bw, { header: true, fill: '#f1f3f5' });
    header();
    for (const b of d.breaches.items) {
      const clocks: Cell = b.clocks.map((c) => ({ text: `${CLOCK_LABEL[lang][c.kind]}: ${OUTCOME_LABEL[lang][c.outcome]}`, size: 7.5, color: OUTCOME_COLOR[c.outcome] }));
      const cells: Cell[] = [plain(b.ref), plain(INCIDENT_KIND_LABEL[lang][b.kind], 8), ...(named ? [plain(b.title ?? '', 8)] : []), plain(tokyo(new Date(b.awareAt)).slice(0, 10), 8), clocks];
      drawRow(cells, bw, { repeat: header });
    }
  }

  // ---- 3. corrective actions ---------------------------------------------------------------------
  heading(w.actions, w.actionsNote);
  const aw = [0.5, 0.25, 0.25].map((f) => f * width);
  drawRow(w.actionCols.map((t) => plain(t, 8)), aw, { header: true, fill: '#f1f3f5' });
  for (const a of d.actions.byKind) drawRow([plain(ACTION_KIND_LABEL[lang][a.kind] ?? a.kind), plain(a.open), plain(a.overdue, 8.5, a.overdue ? RED : undefined)], aw);
  drawRow([plain(w.total), plain(d.actions.open), plain(d.actions.overdue, 8.5, d.actions.overdue ? RED : undefined)], aw, { fill: '#f8f9fa' });
  doc.fontSize(8.5).text(`${w.createdInPeriod}: ${d.actions.createdInPeriod}${GAP}${w.closedInPeriod}: ${d.actions.closedInPeriod}`, left, doc.y + 4);

  // ---- 4. sanctions ------------------------------------------------------------------------------
  heading(w.sanctions);
  const sw = [0.12, 0.13, 0.15, 0.14, 0.08, 0.18, 0.11, 0.09].map((f) => f * width);
  const sHeader = () => drawRow(w.sanctionCols.map((t) => plain(t, 7.5)), sw, { header: true, fill: '#f1f3f5' });
  sHeader();
  if (!d.sanctions.length) drawRow([plain(w.none), ...sw.slice(1).map(() => plain(''))], sw);
  for (const s of d.sanctions) {
    drawRow(
      [
        plain(s.ref, 8),
        plain(lang === 'ja' ? s.subjectJa : s.subjectEn, 8),
        plain(lang === 'ja' ? s.affiliationJa : s.affiliationEn, 7.5),
        plain(s.clauseIds.map((c) => c.replace(/^P32-/, '')).join(', '), 7.5),
        plain(SANCTION_SEVERITY_LABEL[lang][s.severity as ViolationSeverity] ?? s.severity, 7.5),
        plain(lang === 'ja' ? s.sanctionJa : s.sanctionEn, 8),
        plain(s.decidedOn, 7.5),
        plain(s.appealed ? w.yes : w.no, 7.5),
      ],
      sw,
      { repeat: sHeader },
    );
  }

  // ---- page numbers ------------------------------------------------------------------------------
  return finish(w.title, w.page);
}
