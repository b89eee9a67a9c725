import { defineMail } from '../../mail/template.js';

export interface EvidenceMailItem {
  code: string;
  titleJa: string;
  titleEn: string;
  fileName: string;
  validUntil: string;
  link: string;
}

export interface EvidenceMailParams {
  items: EvidenceMailItem[];
}

const listJa = (items: EvidenceMailItem[]) => items.map((i) => `・${i.code} ${i.titleJa}\n  ${i.fileName}（有効期限 ${i.validUntil}）\n  ${i.link}`).join('\n');
const listEn = (items: EvidenceMailItem[]) => items.map((i) => `- ${i.code} ${i.titleEn}\n  ${i.fileName} (valid until ${i.validUntil})\n  ${i.link}`).join('\n');

/** To a control's owners 30 days before its evidence ends (once per valid-until date). */
export const evidenceExpiringMail = defineMail<EvidenceMailParams>('control_evidence.expiring', {
  ja: (p) => ({
    subject: `【Mamori】管理策のエビデンスの有効期限が近づいています（${p.items.length} 件）`,
    text: `あなたが担当する管理策のエビデンスが、まもなく有効期限を迎えます。\n\n${listJa(p.items)}\n\n期限までに新しいエビデンスを登録するか、有効期限を見直してください。期限を過ぎると、適用宣言書と条項マップで「期限切れ」と表示されます。`,
  }),
  en: (p) => ({
    subject: `[Mamori] Control evidence expires soon (${p.items.length})`,
    text: `Evidence for controls you own will soon reach its valid-until date.\n\n${listEn(p.items)}\n\nPlease upload new evidence or review the date before then. Once it passes, the statement of applicability and the clause map show the evidence as expired.`,
  }),
});

/** To a control's owners once its evidence has passed its valid-until date (once). */
export const evidenceExpiredMail = defineMail<EvidenceMailParams>('control_evidence.expired', {
  ja: (p) => ({
    subject: `【Mamori】管理策のエビデンスが有効期限を過ぎました（${p.items.length} 件）`,
    text: `あなたが担当する管理策のエビデンスが有効期限を過ぎました。\n\n${listJa(p.items)}\n\n新しいエビデンスを登録してください。それまでは、適用宣言書と条項マップでこの管理策が「期限切れ」として示されます。`,
  }),
  en: (p) => ({
    subject: `[Mamori] Control evidence has expired (${p.items.length})`,
    text: `Evidence for controls you own has passed its valid-until date.\n\n${listEn(p.items)}\n\nPlease upload new evidence. Until then, the statement of applicability and the clause map show these controls' evidence as expired.`,
  }),
});
