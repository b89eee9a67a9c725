import { asc, desc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { CLOCK_ORDER, type ReportDetails } from '../../../shared/breach.js';
import type { ClockKind, IncidentKind } from '../../../shared/incidents.js';
import type { Conn } from '../../db/client.js';
import { breachAssessments, incidentActions, incidentClocks, institutions } from '../../db/schema/index.js';
import { jpPdf } from '../../export/pdf-report.js';
import { clockState } from './breach.deadlines.js';
import type { IncidentRow } from './breach.service.js';
import { CLOCK_LABEL, jst, KIND_LABEL, RESULT_LABEL, type Lang } from './breach.words.js';

export type Stage = 'preliminary' | 'final';

/** The mark of an item the record does not answer yet. */
export const BLANK: Record<Lang, string> = { ja: '未記入', en: 'To be completed' };

const W = {
  ja: {
    title: (s: Stage) => `個人データの漏えい等の報告（${s === 'preliminary' ? '速報' : '確報'}）下書き`,
    note: 'この下書きは Mamori の記録から作成しました。内容を確認し、個人情報保護委員会の報告フォームに転記してください。「未記入」の項目は記録がないものです。',
    generated: '作成日時（日本時間）',
    ref: '管理番号',
    kind: '種別',
    occurred: '発生日時',
    aware: '把握日時',
    reported: '報告受付日時',
    location: '発生場所',
    institution: '関係機関',
    result: '判定',
    unknown: '不明',
    heading: '報告事項（個人情報保護法施行規則第8条第1項）',
    items: ['概要', '漏えい等が発生し、又は発生したおそれがある個人データの項目', '本人の数', '原因', '二次被害又はそのおそれの有無及びその内容', '本人への対応の実施状況', '公表の実施状況', '再発防止のための措置', 'その他参考となる事項'],
    people: (n: number) => `${n.toLocaleString('ja-JP')} 人`,
    specialCare: '要配慮個人情報を含む',
    clocks: '報告・通知の期限と実施状況',
    clockCols: ['報告・通知', '期限', '状況', '実施日・メモ'],
    state: { upcoming: '期限前', due_soon: '期限間近', due: '期限当日', overdue: '期限超過', done: '完了', waived: '不要' },
    actions: '是正・予防措置',
    reasoning: '判定の理由',
    notified: (d: string) => `本人への通知を実施（${d}）`,
    item: '項目',
    content: '内容',
    sheet: '報告書',
  },
  en: {
    title: (s: Stage) => `Report of a personal data breach (${s === 'preliminary' ? 'preliminary' : 'final'}) — draft`,
    note: 'Drafted by Mamori from the record. Check it and copy it into the Personal Information Protection Commission (PPC) reporting form. Items marked "To be completed" have nothing on record yet.',
    generated: 'Generated (Japan time)',
    ref: 'Reference',
    kind: 'Kind',
    occurred: 'Occurred',
    aware: 'Became aware',
    reported: 'Reported',
    location: 'Location',
    institution: 'Institution',
    result: 'Assessment',
    unknown: 'Unknown',
    heading: 'Items of the report (APPI Enforcement Rules Art. 8(1))',
    items: ['Summary', 'Personal data items involved', 'Number of people affected', 'Cause', 'Secondary harm or its risk', 'Response to the people affected', 'Public announcement', 'Measures against recurrence', 'Other matters'],
    people: (n: number) => `${n.toLocaleString('en-US')} people`,
    specialCare: 'Includes special-care personal information',
    clocks: 'Reporting deadlines and status',
    clockCols: ['Report / notice', 'Due', 'Status', 'Done / note'],
    state: { upcoming: 'Upcoming', due_soon: 'Due soon', due: 'Due today', overdue: 'Overdue', done: 'Done', waived: 'Not needed' },
    actions: 'Corrective and preventive actions',
    reasoning: 'Reasoning',
    notified: (d: string) => `People affected notified (${d})`,
    item: 'Item',
    content: 'Content',
    sheet: 'Report',
  },
} as const;

export interface ReportData {
  title: string;
  note: string;
  meta: [string, string][];
  heading: string;
  items: { no: number; title: string; text: string; blank: boolean }[];
  clocksTitle: string;
  clockCols: readonly string[];
  clocks: string[][];
}

/** The draft PPC report's contents from the record: the incident, the latest assessment, the clocks and the actions. */
export async function reportData(conn: Conn, i: IncidentRow, stage: Stage, lang: Lang, now: Date): Promise<ReportData> {
  const w = W[lang];
  const [a] = await conn.select().from(breachAssessments).where(eq(breachAssessments.incidentId, i.id)).orderBy(desc(breachAssessments.version)).limit(1);
  const clocks = (await conn.select().from(incidentClocks).where(eq(incidentClocks.incidentId, i.id))).sort((x, y) => CLOCK_ORDER.indexOf(x.kind as ClockKind) - CLOCK_ORDER.indexOf(y.kind as ClockKind));
  const actions = await conn.select().from(incidentActions).where(eq(incidentActions.incidentId, i.id)).orderBy(asc(incidentActions.dueOn));
  const inst = i.institutionId ? (await conn.select().from(institutions).where(eq(institutions.id, i.institutionId)))[0] : undefined;
  const r: Partial<ReportDetails> = a?.report ?? {};
  const peopleAffected = a?.answers.peopleAffected ?? i.peopleAffected;
  const specialCare = a?.answers.specialCare ?? i.specialCare;
  const kind = KIND_LABEL[lang][i.kind as IncidentKind] ?? i.kind;
  const join = (...parts: (string | null | undefined | false)[]) => parts.filter((p): p is string => !!p && !!p.trim()).join('\n');

  const summary = join(i.title, i.description, `${w.kind}: ${kind}`, i.occurredAt && `${w.occurred}: ${jst(i.occurredAt)}`, `${w.aware}: ${jst(i.awareAt)}`, i.location && `${w.location}: ${i.location}`);
  const notify = clocks.find((c) => c.kind === 'notify_subjects');
  const actionLines = actions.filter((x) => x.status !== 'cancelled').map((x) => `・${x.ref} ${x.title}（${x.dueOn}）`);
  const texts = [
    summary,
    join(r.dataItems, specialCare === true && w.specialCare),
    peopleAffected !== null && peopleAffected !== undefined ? w.people(peopleAffected) : '',
    join(r.cause),
    join(r.secondaryHarm),
    join(r.responseToSubjects, notify?.doneAt && w.notified(jst(notify.doneAt) + (notify.note ? ` ${notify.note}` : ''))),
    join(r.publicAnnouncement),
    join(r.recurrencePrevention, actionLines.length > 0 && `${w.actions}:\n${actionLines.join('\n')}`),
    join(r.other, a && `${w.result}: ${RESULT_LABEL[lang][a.result as keyof (typeof RESULT_LABEL)['ja']]}`, a && `${w.reasoning}:\n${lang === 'ja' ? a.reasoningJa : a.reasoningEn}`, a?.note),
  ];
  return {
    title: w.title(stage),
    note: w.note,
    meta: [
      [w.ref, i.ref],
      [w.generated, jst(now)],
      [w.kind, kind],
      [w.occurred, i.occurredAt ? jst(i.occurredAt) : w.unknown],
      [w.aware, jst(i.awareAt)],
      [w.reported, jst(i.reportedAt)],
      [w.institution, inst ? (lang === 'ja' ? inst.nameJa : inst.nameEn) : '—'],
      [w.result, a ? RESULT_LABEL[lang][a.result as keyof (typeof RESULT_LABEL)['ja']] : BLANK[lang]],
    ],
    heading: w.heading,
    items: w.items.map((title, n) => ({ no: n + 1, title, text: texts[n] || BLANK[lang], blank: !texts[n] })),
    clocksTitle: w.clocks,
    clockCols: w.clockCols,
    clocks: clocks.map((c) => [CLOCK_LABEL[lang][c.kind as ClockKind], jst(c.dueAt), w.state[clockState(c, now)], join(c.doneAt && jst(c.doneAt), c.note) || '']),
  };
}

// ---- PDF ------------------------------------------------------------------------------------------

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

// ---- XLSX -----------------------------------------------------------------------------------------

/** One sheet: the header facts, then item / content rows, then the clocks. */
export async function reportXlsx(d: ReportData, lang: Lang, now: Date): Promise<Buffer> {
  const w = W[lang];
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

// ---- DOCX -----------------------------------------------------------------------------------------

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FONT = '<w:rFonts w:ascii="Yu Gothic" w:eastAsia="Yu Gothic" w:hAnsi="Yu Gothic"/>';
/** A paragraph; line breaks in the text become <w:br/>. */
const para = (text: string, opts: { style?: string; color?: string; bold?: boolean } = {}) => {
  const rpr = `<w:rPr>${FONT}${opts.bold ? '<w:b/>' : ''}${opts.color ? `<w:color w:val="${opts.color}"/>` : ''}</w:rPr>`;
  const runs = text
    .split('\n')
    .map((line, n) => `<w:r>${rpr}${n ? '<w:br/>' : ''}<w:t xml:space="preserve">${esc(line)}</w:t></w:r>`)
    .join('');
  return `<w:p>${opts.style ? `<w:pPr><w:pStyle w:val="${opts.style}"/></w:pPr>` : ''}${runs}</w:p>`;
};
const cell = (text: string, width: number, opts: { bold?: boolean; fill?: string; color?: string } = {}) =>
  `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${opts.fill ? `<w:shd w:val="clear" w:color="auto" w:fill="${opts.fill}"/>` : ''}</w:tcPr>${para(text, { bold: opts.bold, color: opts.color })}</w:tc>`;
const table = (rows: string[][], widths: number[], header: boolean) => {
  const border = '<w:tblBorders>' + ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((b) => `<w:${b} w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>`).join('') + '</w:tblBorders>';
  return `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/>${border}</w:tblPr><w:tblGrid>${widths.map((x) => `<w:gridCol w:w="${x}"/>`).join('')}</w:tblGrid>${rows
    .map((r, n) => `<w:tr>${r.map((c, k) => cell(c, widths[k]!, header && n === 0 ? { bold: true, fill: 'F1F3F5' } : {})).join('')}</w:tr>`)
    .join('')}</w:tbl>`;
};

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr>${FONT}<w:sz w:val="20"/><w:lang w:val="ja-JP" w:eastAsia="ja-JP"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:spacing w:after="80"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="40"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="22"/></w:rPr></w:style>
</w:styles>`;

/**
 * A minimal valid Word document (OOXML, zipped with fflate): content types, package and document
 * relationships, styles (title, headings) and document.xml with the facts table, each report item
 * as a heading with its text, and the clocks as a table.
 */
export function reportDocx(d: ReportData): Buffer {
  const body = [
    para(d.title, { style: 'Title' }),
    para(d.note, { color: '495057' }),
    table(d.meta.map(([k, v]) => [k, v]), [2800, 6200], false),
    para(d.heading, { style: 'Heading1' }),
    ...d.items.flatMap((it) => [para(`${it.no}. ${it.title}`, { style: 'Heading2' }), para(it.text, it.blank ? { color: 'C92A2A' } : {})]),
    ...(d.clocks.length ? [para(d.clocksTitle, { style: 'Heading1' }), table([[...d.clockCols], ...d.clocks], [3200, 1900, 1300, 2600], true)] : []),
  ].join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1200" w:bottom="1440" w:left="1200" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`;
  const files = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(d.title)}</dc:title><dc:creator>Mamori</dc:creator></cp:coreProperties>`,
    'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    'word/styles.xml': STYLES,
    'word/document.xml': document,
  };
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
}

export const REPORT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
