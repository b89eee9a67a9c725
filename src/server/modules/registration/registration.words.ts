import type { RegistrationChangePayload } from '../../../shared/registration.js';

export type Named = { id: string; code: string; nameJa: string; nameEn: string };

/** A change in a sentence, in both languages (for emails). */
export function describeChange(c: RegistrationChangePayload, refs: Record<string, Named>): { ja: string; en: string } {
  const ja = (id: string) => refs[id]?.nameJa ?? id;
  const en = (id: string) => refs[id]?.nameEn ?? id;
  switch (c.kind) {
    case 'move': {
      const leaveJa = c.leaveResearchGroupIds.length ? `\n離脱する研究グループ: ${c.leaveResearchGroupIds.map(ja).join('、')}` : '';
      const leaveEn = c.leaveResearchGroupIds.length ? `\nLeaving research groups: ${c.leaveResearchGroupIds.map(en).join(', ')}` : '';
      return {
        ja: `所属施設の異動: ${ja(c.fromInstitutionId)} → ${ja(c.toInstitutionId)}（異動日 ${c.effectiveDate}）${leaveJa}`,
        en: `Move to another institution: ${en(c.fromInstitutionId)} → ${en(c.toInstitutionId)} (effective ${c.effectiveDate})${leaveEn}`,
      };
    }
    case 'name':
      return {
        ja: `氏名の変更: ${c.familyNameJa} ${c.givenNameJa}（${c.familyNameKana} ${c.givenNameKana}） / ${c.givenNameEn} ${c.familyNameEn}`,
        en: `Name change: ${c.givenNameEn} ${c.familyNameEn} / ${c.familyNameJa} ${c.givenNameJa}`,
      };
    case 'email':
      return { ja: `メールアドレスの変更: ${c.email}`, en: `Email address change: ${c.email}` };
    case 'join_group':
      return { ja: `研究グループへの参加: ${ja(c.researchGroupId)}`, en: `Joining research group: ${en(c.researchGroupId)}` };
    case 'leave_group':
      return { ja: `研究グループからの離脱: ${ja(c.researchGroupId)}`, en: `Leaving research group: ${en(c.researchGroupId)}` };
    case 'retire':
      return { ja: `退職（退職日 ${c.effectiveDate}）`, en: `Retirement (effective ${c.effectiveDate})` };
  }
}
