import { asc, desc, eq } from 'drizzle-orm';
import { CLOCK_ORDER, type ReportDetails } from '../../../shared/breach.js';
import type { ClockKind, IncidentKind } from '../../../shared/incidents.js';
import type { Conn } from '../../db/client.js';
import type { incidents } from '../../db/schema/index.js';
import { breachAssessments, incidentActions, incidentClocks, institutions } from '../../db/schema/index.js';
import { clockState } from './breach.deadlines.js';
import { CLOCK_LABEL, jst, KIND_LABEL, RESULT_LABEL, type Lang } from './breach.words.js';

/*
 * The draft PPC breach report: one row model built from the record here, rendered by
 * breach.report.pdf.ts, breach.report.docx.ts and breach.report.xlsx.ts so the three formats never
 * disagree on content.
 */

export type Stage = 'preliminary' | 'final';

/** The mark of an item the record does not answer yet. */
export const BLANK: Record<Lang, string> = { ja: '未記入', en: 'To be completed' };

/** The report's own words in each language; exported for the renderers' column headings and sheet name. */
export const REPORT_WORDS = {
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
export async function reportData(conn: Conn, i: typeof incidents.$inferSelect, stage: Stage, lang: Lang, now: Date): Promise<ReportData> {
  const w = REPORT_WORDS[lang];
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

/** The content type of each download format. */
export const REPORT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
