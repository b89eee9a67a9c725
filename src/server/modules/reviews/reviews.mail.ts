import { defineMail } from '../../mail/template.js';

export interface ReviewMailParams {
  campaign: string;
  dueDate: string;
  open: number;
  link: string;
}

/** To each reviewer when a campaign starts. */
export const assignedMail = defineMail<ReviewMailParams>('access_review.assigned', {
  ja: (p) => ({
    subject: `【Mamori】アクセス権レビューのお願い: ${p.campaign}`,
    text: `アクセス権レビュー「${p.campaign}」が始まりました。\n\nあなたが確認する項目が ${p.open} 件あります。期限（${p.dueDate}）までに、各人のアクセス権を「継続」または「削除」としてください。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Access review: ${p.campaign}`,
    text: `The access review "${p.campaign}" has started.\n\nYou have ${p.open} item(s) to review. By the due date (${p.dueDate}), please confirm or remove each person's access.\n\n${p.link}`,
  }),
});

/** To each reviewer who still has open items, N days before the due date (once). */
export const reminderMail = defineMail<ReviewMailParams>('access_review.reminder', {
  ja: (p) => ({
    subject: `【Mamori】アクセス権レビューの期限が近づいています: ${p.campaign}`,
    text: `アクセス権レビュー「${p.campaign}」の期限は ${p.dueDate} です。\n\n未確認の項目が ${p.open} 件残っています。期限までに確認してください。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Access review due soon: ${p.campaign}`,
    text: `The access review "${p.campaign}" is due on ${p.dueDate}.\n\nYou still have ${p.open} open item(s). Please review them before the due date.\n\n${p.link}`,
  }),
});

/** To the information security manager and the data center once the due date has passed. */
export const escalationMail = defineMail<ReviewMailParams & { institutionsJa: string; institutionsEn: string }>('access_review.escalation', {
  ja: (p) => ({
    subject: `【Mamori】アクセス権レビューの期限超過: ${p.campaign}`,
    text: `アクセス権レビュー「${p.campaign}」は期限（${p.dueDate}）を過ぎましたが、${p.open} 件が未確認です。\n\n未確認の施設など: ${p.institutionsJa}\n\n各項目はエスカレーション済みとして記録されました。レビュー担当者へのフォローをお願いします。\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Access review overdue: ${p.campaign}`,
    text: `The access review "${p.campaign}" passed its due date (${p.dueDate}) with ${p.open} item(s) not reviewed.\n\nWhere: ${p.institutionsEn}\n\nThese items are now recorded as escalated. Please follow up with the reviewers.\n${p.link}`,
  }),
});
