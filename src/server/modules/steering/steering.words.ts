import { actionKindLabels } from '../../../shared/labels/capa.js';
import { byLanguage } from '../../../shared/labels/define.js';
import { clockKindLabels } from '../../../shared/labels/incidents.js';
import { clockOutcomeLabels, steeringIncidentKindLabels, steeringSeverityLabels } from '../../../shared/labels/steering.js';
import { violationSeverityLabels } from '../../../shared/labels/violations.js';
import type { SteeringReportDto } from '../../../shared/steering.js';

export type Lang = 'ja' | 'en';

/** Labels for the steering committee report (the same its page shows). */
export const INCIDENT_KIND_LABEL = byLanguage(steeringIncidentKindLabels);
export const SEVERITY_LABEL = byLanguage(steeringSeverityLabels);
export const CLOCK_LABEL = byLanguage(clockKindLabels);
export const OUTCOME_LABEL = byLanguage(clockOutcomeLabels);
export const SANCTION_SEVERITY_LABEL = byLanguage(violationSeverityLabels);
/** By any kind the data holds (the report falls back to the code). */
export const ACTION_KIND_LABEL: Record<Lang, Record<string, string>> = byLanguage(actionKindLabels);

export const STEERING_WORDS = {
  ja: {
    title: '運営委員会への報告（情報セキュリティ）',
    subtitle: '情報セキュリティポリシー（No.32）P32-7・P32-3 に基づく報告',
    fileName: '運営委員会報告',
    period: '対象期間',
    meeting: '会議日',
    previous: '前回の報告',
    generated: '作成日時（日本時間）',
    names: '処分対象者の表示',
    named: '氏名を記載',
    anonymized: '匿名化',
    summary: '概要',
    incidents: '1. インシデント（種類・重大度別）',
    incidentsNote: '期間中に報告されたインシデントの件数です（却下を含む）。',
    kind: '種類',
    total: '合計',
    dismissed: 'うち却下',
    chart: '種類別の件数',
    breaches: '2. 報告対象の漏えい等と期限の遵守',
    breachesNote: '期間中に報告され、報告義務ありと評価されたインシデントについて、各期限を守れたかを示します（期限内 = 期限超過時刻までに実施）。',
    clock: '報告・通知先',
    breachCols: ['番号', '種類', '件名', '認知日', '期限ごとの状況'],
    breachColsAnon: ['番号', '種類', '認知日', '期限ごとの状況'],
    none: '該当なし',
    actions: '3. 是正処置・予防処置',
    actionsNote: '未完了（未着手・実施中・有効性確認待ち）の処置と、そのうち期日を過ぎたものは作成時点の数です。',
    actionCols: ['区分', '未完了', 'うち期日超過'],
    createdInPeriod: '期間中に登録',
    closedInPeriod: '期間中に完了',
    open: '未完了',
    overdue: 'うち期日超過',
    sanctions: '4. 期間中に決定した処分',
    sanctionCols: ['事案番号', '対象者', '所属', '違反した条項', '重さ', '処分', '決定日', '不服申立て'],
    yes: 'あり',
    no: 'なし',
    page: (n: number, of: number) => `${n} / ${of} ページ`,
    confidential: '取扱注意：運営委員会の審議資料',
  },
  en: {
    title: 'Report to the steering committee (information security)',
    subtitle: 'Under P32-7 and P32-3 of the Information Security Policy (No. 32)',
    fileName: 'steering-committee-report',
    period: 'Period',
    meeting: 'Meeting',
    previous: 'Previous report',
    generated: 'Generated (Japan time)',
    names: 'Subjects of sanctions',
    named: 'named',
    anonymized: 'anonymized',
    summary: 'Summary',
    incidents: '1. Incidents by kind and severity',
    incidentsNote: 'Incidents reported in the period (dismissed ones included).',
    kind: 'Kind',
    total: 'Total',
    dismissed: 'of which dismissed',
    chart: 'Incidents by kind',
    breaches: '2. Reportable breaches and their deadlines',
    breachesNote: 'Incidents reported in the period and assessed as reportable, with whether each deadline was met (met = done by the overdue time).',
    clock: 'Report or notice',
    breachCols: ['Ref', 'Kind', 'Title', 'Aware', 'Deadlines'],
    breachColsAnon: ['Ref', 'Kind', 'Aware', 'Deadlines'],
    none: 'None',
    actions: '3. Corrective and preventive actions',
    actionsNote: 'Open actions (open, in progress, awaiting the effectiveness check) and those past their due date, as they stand at generation.',
    actionCols: ['Kind', 'Open', 'Overdue'],
    createdInPeriod: 'Created in the period',
    closedInPeriod: 'Closed in the period',
    open: 'Open',
    overdue: 'Overdue',
    sanctions: '4. Sanctions decided in the period',
    sanctionCols: ['Case', 'Subject', 'Affiliation', 'Clauses', 'Severity', 'Sanction', 'Decided', 'Appeal'],
    yes: 'Yes',
    no: 'No',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    confidential: 'Confidential: for the steering committee',
  },
} as const;

/** The short paragraph opening the report, from the numbers. */
export function summaryText(d: Omit<SteeringReportDto, 'summaryJa' | 'summaryEn'>, lang: Lang): string {
  const clocks = d.breaches.byClock.reduce((a, c) => ({ met: a.met + c.met, missed: a.missed + c.missed + c.overdue, pending: a.pending + c.pending }), { met: 0, missed: 0, pending: 0 });
  const top = [...d.incidents.byKind].sort((a, b) => b.total - a.total)[0];
  if (lang === 'ja') {
    return [
      `${d.from} から ${d.to} までに報告されたインシデントは ${d.incidents.total} 件でした${top ? `（最も多い種類は「${INCIDENT_KIND_LABEL.ja[top.kind]}」の ${top.total} 件）` : ''}。`,
      `このうち報告義務のある漏えい等は ${d.breaches.total} 件で、報告・通知の期限は ${clocks.met} 件が期限内、${clocks.missed} 件が期限後または未実施、${clocks.pending} 件が対応中です。`,
      `是正・予防処置は作成時点で ${d.actions.open} 件が未完了、うち ${d.actions.overdue} 件が期日を過ぎています。`,
      `期間中に決定した処分は ${d.sanctions.length} 件です。`,
    ].join('');
  }
  return [
    `${d.incidents.total} incident${d.incidents.total === 1 ? ' was' : 's were'} reported from ${d.from} to ${d.to}${top ? ` (most often: ${INCIDENT_KIND_LABEL.en[top.kind].toLowerCase()}, ${top.total})` : ''}.`,
    ` ${d.breaches.total} of them ${d.breaches.total === 1 ? 'was a reportable breach' : 'were reportable breaches'}; of their reporting deadlines, ${clocks.met} ${clocks.met === 1 ? 'was' : 'were'} met, ${clocks.missed} missed or not yet done, and ${clocks.pending} ${clocks.pending === 1 ? 'is' : 'are'} still open.`,
    ` ${d.actions.open} corrective or preventive action${d.actions.open === 1 ? ' is' : 's are'} open, ${d.actions.overdue} of them overdue.`,
    ` ${d.sanctions.length} sanction${d.sanctions.length === 1 ? ' was' : 's were'} decided in the period.`,
  ].join('');
}
