import { defineMail } from '../../mail/template.js';
import type { Names } from '../accounts/public.js';

/** Days the subject has to ask for a decision to be looked at again. */
export const APPEAL_DAYS = 14;

export interface DecisionNoticeParams {
  name: Names;
  ref: string;
  decidedOn: string;
  managerJa: string;
  managerEn: string;
  managerEmail: string;
}

/**
 * To the subject of a case when the manager has decided (P32-7). Deliberately neutral: it says that
 * a decision was made and how to appeal; the decision itself is handed over by the manager.
 */
export const decisionNoticeMail = defineMail<DecisionNoticeParams>('violation.decision_notice', {
  ja: (p) => ({
    subject: `【Mamori】情報セキュリティポリシーに関する決定のお知らせ（${p.ref}）`,
    text: `${p.name.ja} 様

情報セキュリティポリシー（No.32）第 7 章に基づき、あなたに関する事案（${p.ref}）について、情報セキュリティ管理責任者が ${p.decidedOn} 付けで決定を行いました。
決定の内容は、情報セキュリティ管理責任者から別途お伝えします。

決定に異議がある場合は、このお知らせから ${APPEAL_DAYS} 日以内に、事案番号を添えて情報セキュリティ管理責任者へ申し出てください。申し出の内容と結果は記録されます。

情報セキュリティ管理責任者：${p.managerJa}（${p.managerEmail}）`,
  }),
  en: (p) => ({
    subject: `[Mamori] Notice of a decision under the information security policy (${p.ref})`,
    text: `Dear ${p.name.en},

Under chapter 7 of the Information Security Policy (No. 32), the information security manager has made a decision, dated ${p.decidedOn}, on a matter concerning you (${p.ref}).
The manager will give you the decision itself separately.

If you disagree with the decision, you may appeal to the information security manager within ${APPEAL_DAYS} days of this notice, quoting the case reference. Your appeal and its outcome are recorded.

Information security manager: ${p.managerEn} (${p.managerEmail})`,
  }),
});

export interface InvestigatorNamedParams {
  name: Names;
  ref: string;
  link: string;
}

/** To a person the manager names as an investigator of a case (the case itself stays in Mamori). */
export const investigatorNamedMail = defineMail<InvestigatorNamedParams>('violation.investigator_named', {
  ja: (p) => ({
    subject: `【Mamori】違反事案の調査担当に指名されました（${p.ref}）`,
    text: `${p.name.ja} 様\n\n情報セキュリティ管理責任者が、違反事案 ${p.ref} の調査担当にあなたを指名しました。事案の内容は関係者以外に開示しないでください。\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] You have been named investigator of a violation case (${p.ref})`,
    text: `Dear ${p.name.en},\n\nThe information security manager has named you an investigator of violation case ${p.ref}. Please keep what the case holds to the people working on it.\n\n${p.link}`,
  }),
});
