import { defineMail } from '../../mail/template.js';

export interface ActionMailItem {
  ref: string;
  title: string;
  incidentRef: string;
  dueOn: string;
  ownerJa: string;
  ownerEn: string;
}

export interface ActionMailParams {
  items: ActionMailItem[];
  link: string;
}

const listJa = (items: ActionMailItem[]) => items.map((i) => `・${i.ref} ${i.title}（インシデント ${i.incidentRef}、期限 ${i.dueOn}、担当 ${i.ownerJa}）`).join('\n');
const listEn = (items: ActionMailItem[]) => items.map((i) => `- ${i.ref} ${i.title} (incident ${i.incidentRef}, due ${i.dueOn}, owner ${i.ownerEn})`).join('\n');

/** To an action's owner 3 days before its due day (once). */
export const actionDueSoonMail = defineMail<ActionMailParams>('incident_action.due_soon', {
  ja: (p) => ({
    subject: `【Mamori】是正・予防処置の期限が近づいています（${p.items.length} 件）`,
    text: `あなたが担当する是正・予防処置の期限が 3 日以内に迫っています。\n\n${listJa(p.items)}\n\n進み具合を更新し、終わったら「完了」にしてください。完了後、情報セキュリティ管理責任者またはデータセンターが有効性を確認します。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Corrective actions due soon (${p.items.length})`,
    text: `Corrective or preventive actions you own are due within 3 days.\n\n${listEn(p.items)}\n\nPlease update their progress and mark them done when finished. The information security manager or the data center then checks their effectiveness.\n\n${p.link}`,
  }),
});

/** To an action's owner once it is past its due day (once). */
export const actionOverdueMail = defineMail<ActionMailParams>('incident_action.overdue', {
  ja: (p) => ({
    subject: `【Mamori】是正・予防処置が期限を過ぎています（${p.items.length} 件）`,
    text: `あなたが担当する是正・予防処置が期限を過ぎました。\n\n${listJa(p.items)}\n\n至急対応し、進み具合を更新してください。期限から 7 日を過ぎると、情報セキュリティ管理責任者に報告されます。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Corrective actions overdue (${p.items.length})`,
    text: `Corrective or preventive actions you own are past their due date.\n\n${listEn(p.items)}\n\nPlease deal with them and update their progress. Seven days after the due date, the information security manager is told.\n\n${p.link}`,
  }),
});

/** To the information security manager 7 days after an action's due day (once). */
export const actionEscalatedMail = defineMail<ActionMailParams>('incident_action.escalated', {
  ja: (p) => ({
    subject: `【Mamori】期限を 7 日以上過ぎた是正・予防処置があります（${p.items.length} 件）`,
    text: `次の是正・予防処置が、期限から 7 日を過ぎても終わっていません（方針 P32-4：再発防止）。\n\n${listJa(p.items)}\n\n担当者に状況を確認し、期限の見直し・担当の変更・受容を検討してください。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Corrective actions more than 7 days overdue (${p.items.length})`,
    text: `These corrective or preventive actions are still not done 7 days after their due date (policy P32-4: preventing recurrence).\n\n${listEn(p.items)}\n\nPlease check with their owners and consider a new due date, another owner, or accepting them.\n\n${p.link}`,
  }),
});
