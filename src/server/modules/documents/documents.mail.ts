import { defineMail } from '../../mail/template.js';

export interface AckMailItem {
  code: string;
  titleJa: string;
  titleEn: string;
  version: string;
  dueOn: string;
  link: string;
}

const listJa = (items: AckMailItem[]) => items.map((i) => `・${i.code} ${i.titleJa}（第 ${i.version} 版、期限 ${i.dueOn}）\n  ${i.link}`).join('\n');
const listEn = (items: AckMailItem[]) => items.map((i) => `- ${i.code} ${i.titleEn} (version ${i.version}, due ${i.dueOn})\n  ${i.link}`).join('\n');

/** To the person, a few days before the due date. */
export const ackDueSoonMail = defineMail<{ items: AckMailItem[] }>('document_ack.due_soon', {
  ja: (p) => ({
    subject: `【Mamori】規程の確認期限が近づいています（${p.items.length} 件）`,
    text: `次の規程・ガイドラインの確認期限が近づいています。内容を読み、「確認しました」を押してください（方針 P32-6）。\n\n${listJa(p.items)}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Documents to acknowledge soon (${p.items.length})`,
    text: `The following documents are due for your acknowledgment soon. Please read them and confirm (policy P32-6).\n\n${listEn(p.items)}`,
  }),
});

/** To the person, on the due date (and once if it has already passed when the row was assigned). */
export const ackDueMail = defineMail<{ items: AckMailItem[] }>('document_ack.due', {
  ja: (p) => ({
    subject: `【Mamori】規程の確認期限です（${p.items.length} 件）`,
    text: `次の規程・ガイドラインの確認期限になりました。まだ確認が済んでいません。内容を読み、「確認しました」を押してください。期限から 7 日を過ぎると、施設コーディネーターまたは所属部署にお知らせします。\n\n${listJa(p.items)}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Documents due for acknowledgment (${p.items.length})`,
    text: `The following documents are due for your acknowledgment and have not been confirmed yet. Please read them and confirm. Seven days after the due date, your site coordinator or your unit is told.\n\n${listEn(p.items)}`,
  }),
});

export interface EscalationItem extends AckMailItem {
  personJa: string;
  personEn: string;
}

/** To the site coordinator(s) of the person's institution, or the staff of the person's unit. */
export const ackEscalationMail = defineMail<{ items: EscalationItem[]; link: string }>('document_ack.escalated', {
  ja: (p) => ({
    subject: `【Mamori】規程の確認が期限を過ぎています（${p.items.length} 件）`,
    text: `あなたの施設または部署の次の方が、規程・ガイドラインの確認を期限から 7 日以上過ぎても済ませていません。声をかけてください。\n\n${p.items.map((i) => `・${i.personJa}：${i.code} ${i.titleJa}（第 ${i.version} 版、期限 ${i.dueOn}）`).join('\n')}\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Acknowledgments overdue (${p.items.length})`,
    text: `These people at your site or in your unit have not acknowledged the following documents, more than seven days after the due date. Please remind them.\n\n${p.items.map((i) => `- ${i.personEn}: ${i.code} ${i.titleEn} (version ${i.version}, due ${i.dueOn})`).join('\n')}\n\n${p.link}`,
  }),
});

export interface ReviewMailParams {
  code: string;
  titleJa: string;
  titleEn: string;
  nextReviewOn: string;
  link: string;
}

/** To the document's owner 30 days before its next review date (P32-8). */
export const reviewSoonMail = defineMail<ReviewMailParams>('document.review_soon', {
  ja: (p) => ({
    subject: `【Mamori】${p.code} の定期見直しが近づいています（${p.nextReviewOn}）`,
    text: `あなたが担当する「${p.titleJa}」（${p.code}）は ${p.nextReviewOn} に定期見直しの時期を迎えます（方針 P32-8）。内容を見直し、必要なら新しい版を作成して承認を受けてください。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] ${p.code} is due for review on ${p.nextReviewOn}`,
    text: `"${p.titleEn}" (${p.code}), which you own, is due for its periodic review on ${p.nextReviewOn} (policy P32-8). Please review it and, if needed, write a new version for approval.\n\n${p.link}`,
  }),
});

/** To the document's owner once the review date has passed. */
export const reviewOverdueMail = defineMail<ReviewMailParams>('document.review_overdue', {
  ja: (p) => ({
    subject: `【Mamori】${p.code} の定期見直しの期日を過ぎました`,
    text: `あなたが担当する「${p.titleJa}」（${p.code}）は、定期見直しの期日（${p.nextReviewOn}）を過ぎています（方針 P32-8）。見直しを行い、新しい版を公開すると次の見直し日が更新されます。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] ${p.code} is overdue for review`,
    text: `"${p.titleEn}" (${p.code}), which you own, has passed its review date (${p.nextReviewOn}) (policy P32-8). Review it; publishing a new version sets the next review date.\n\n${p.link}`,
  }),
});
