import { defineMail } from '../../mail/template.js';

export interface AcceptanceExpiredParams {
  count: number;
  listJa: string;
  listEn: string;
  link: string;
}

/** To a risk's owner (or the manager, for risks without one) when acceptances expire. */
export const acceptanceExpiredMail = defineMail<AcceptanceExpiredParams>('risk.acceptance_expired', {
  ja: (p) => ({
    subject: `【Mamori】リスク受容の期限が切れました（${p.count}件）`,
    text: `次のリスクの受容期限が過ぎたため、状態が「要見直し」に戻りました（担当者が決まっていないリスクは情報セキュリティ管理責任者にお知らせしています）。\n\n${p.listJa}\n\nリスクを評価し直し、対応を決めてください。引き続き受容する場合は、情報セキュリティ管理責任者が改めて受容します。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Risk acceptance expired (${p.count})`,
    text: `The acceptance of these risks has expired, so they need review again (risks without an owner are reported to the information security manager).\n\n${p.listEn}\n\nPlease assess them again and decide on a treatment. If a risk is still to be kept as it is, the information security manager accepts it again.\n\n${p.link}`,
  }),
});
