import type { ClockKind } from '../../../shared/incidents.js';
import { defineMail } from '../../mail/template.js';
import type { Stage } from './breach.deadlines.js';
import { CLOCK_LABEL, jst } from './breach.words.js';

export interface ClockMailItem {
  ref: string;
  kind: ClockKind;
  dueAt: Date;
  overdueAt: Date;
  link: string;
}

export interface ClockMailParams {
  stage: Stage;
  items: ClockMailItem[];
}

/**
 * Deadline reminders and the overdue escalation. Only the incident's reference, the clock and its
 * deadline: never the incident's title or anything about the people affected.
 */
const listJa = (items: ClockMailItem[]) =>
  items.map((i) => `・${i.ref} ${CLOCK_LABEL.ja[i.kind]}\n  期限 ${jst(i.dueAt)}（日本時間）${i.overdueAt.getTime() !== i.dueAt.getTime() ? `／超過 ${jst(i.overdueAt)}` : ''}\n  ${i.link}`).join('\n');
const listEn = (items: ClockMailItem[]) =>
  items.map((i) => `- ${i.ref} ${CLOCK_LABEL.en[i.kind]}\n  due ${jst(i.dueAt)} (Japan time)${i.overdueAt.getTime() !== i.dueAt.getTime() ? `; overdue after ${jst(i.overdueAt)}` : ''}\n  ${i.link}`).join('\n');

const SUBJECT_JA: Record<Stage, string> = { due_soon: '報告期限が明日です', due: '報告期限は本日です', overdue: '【至急】報告期限を過ぎています' };
const SUBJECT_EN: Record<Stage, string> = { due_soon: 'A reporting deadline is tomorrow', due: 'A reporting deadline is today', overdue: '[Urgent] A reporting deadline has passed' };
const LEAD_JA: Record<Stage, string> = {
  due_soon: '次のインシデントの報告・通知の期限が明日に迫っています。',
  due: '次のインシデントの報告・通知の期限は本日です。',
  overdue: '次のインシデントの報告・通知が期限を過ぎても完了していません。情報セキュリティ管理責任者とデータセンター長にお知らせしています。',
};
const LEAD_EN: Record<Stage, string> = {
  due_soon: 'The following reports or notices for incidents are due tomorrow.',
  due: 'The following reports or notices for incidents are due today.',
  overdue: 'The following reports or notices for incidents are past their deadline and not done. The information security manager and the head of the data center are being told.',
};

export const clockReminderMail = defineMail<ClockMailParams>('breach.clock_reminder', {
  ja: (p) => ({
    subject: `【Mamori】${SUBJECT_JA[p.stage]}（${p.items.length} 件）`,
    text: `${LEAD_JA[p.stage]}\n\n${listJa(p.items)}\n\n報告・通知を済ませたら、インシデントのページで「完了」を記録してください（提出日と受付番号など）。不要になった場合は理由を添えて「不要」にしてください。`,
  }),
  en: (p) => ({
    subject: `[Mamori] ${SUBJECT_EN[p.stage]} (${p.items.length})`,
    text: `${LEAD_EN[p.stage]}\n\n${listEn(p.items)}\n\nOnce a report or notice is made, record it as done on the incident's page (date and, for the PPC, the receipt number). If it is not needed, mark it as not needed with the reason.`,
  }),
});
