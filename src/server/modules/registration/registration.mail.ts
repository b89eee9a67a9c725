import { defineMail } from '../../mail/template.js';

/** Both languages' wording of a change, filled in by the service. */
export interface ChangeWords {
  personJa: string;
  personEn: string;
  summaryJa: string;
  summaryEn: string;
  link: string;
}

/** To the data center: a request is waiting. */
export const submittedMail = defineMail<ChangeWords>('registration.submitted', {
  ja: (p) => ({
    subject: `【Mamori】登録変更の申請: ${p.personJa}`,
    text: `${p.personJa} さんの登録変更が申請されました（P32-2.1.3f）。\n\n${p.summaryJa}\n\n確認して承認または却下してください:\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Registration change requested: ${p.personEn}`,
    text: `A registration change for ${p.personEn} has been submitted (P32-2.1.3f).\n\n${p.summaryEn}\n\nPlease review and approve or reject it:\n${p.link}`,
  }),
});

/** To the person: the data center's decision. */
export const decidedMail = defineMail<ChangeWords & { approved: boolean; reason: string }>('registration.decided', {
  ja: (p) => ({
    subject: p.approved ? '【Mamori】登録変更が承認されました' : '【Mamori】登録変更は却下されました',
    text: `${p.personJa} さん\n\nデータセンターが次の登録変更を${p.approved ? '承認し、登録に反映しました' : '却下しました'}。\n\n${p.summaryJa}${p.reason ? `\n\n理由・コメント: ${p.reason}` : ''}\n\n申請の内容:\n${p.link}`,
  }),
  en: (p) => ({
    subject: p.approved ? '[Mamori] Your registration change was approved' : '[Mamori] Your registration change was rejected',
    text: `Dear ${p.personEn},\n\nThe data center has ${p.approved ? 'approved the following registration change and applied it' : 'rejected the following registration change'}.\n\n${p.summaryEn}${p.reason ? `\n\nReason / comment: ${p.reason}` : ''}\n\nYour request:\n${p.link}`,
  }),
});

/** To the site coordinators of the institutions concerned: an approved change. */
export const coordinatorMail = defineMail<ChangeWords & { institutionJa: string; institutionEn: string }>('registration.coordinator_notice', {
  ja: (p) => ({
    subject: `【Mamori】${p.institutionJa}: ${p.personJa} さんの登録変更`,
    text: `${p.institutionJa} の施設コーディネーターの方へ\n\nデータセンターが ${p.personJa} さんの次の登録変更を承認し、登録に反映しました。アクセス権はすでに変更後の所属に基づいています。\n\n${p.summaryJa}\n\nグループIDの扱いなど、施設での対応が必要か確認してください。\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] ${p.institutionEn}: registration change for ${p.personEn}`,
    text: `To the site coordinators of ${p.institutionEn},\n\nThe data center has approved and applied the following registration change for ${p.personEn}. Access already follows the new registration.\n\n${p.summaryEn}\n\nPlease check whether anything is needed at your site (for example the group ID).\n${p.link}`,
  }),
});
