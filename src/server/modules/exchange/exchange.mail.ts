import { defineMail } from '../../mail/template.js';

/**
 * The exchange's emails. They never carry a file, a file name, the message, the purpose or any
 * secret: only who is waiting for what kind of action, and a link that works after sign-in.
 */
export interface NoticeParams {
  senderJa: string;
  senderEn: string;
  /** The sender's unit or institution. */
  fromJa: string;
  fromEn: string;
  expiresJa: string;
  expiresEn: string;
  link: string;
}

/** To each recipient at release. */
export const noticeMail = defineMail<NoticeParams>('exchange.notice', {
  ja: (p) => ({
    subject: `【Mamori】${p.senderJa} さんからのファイル送付が届いています`,
    text: `${p.fromJa ? `${p.fromJa} の ` : ''}${p.senderJa} さんから、Mamori のセキュアファイル交換であなた宛ての送付が届いています。\n\nファイルはこのメールには添付していません。Mamori にサインインして受け取ってください。受け取れるのは ${p.expiresJa} までです。\n\n${p.link}\n\n心当たりのない送付は開かずに、データセンターへ連絡してください。`,
  }),
  en: (p) => ({
    subject: `[Mamori] A transfer from ${p.senderEn} is waiting for you`,
    text: `${p.senderEn}${p.fromEn ? ` (${p.fromEn})` : ''} has sent you a transfer through Mamori's secure file exchange.\n\nNothing is attached to this email. Sign in to Mamori to receive it; it is available until ${p.expiresEn}.\n\n${p.link}\n\nIf you did not expect it, do not open it and tell the data center.`,
  }),
});

export interface ActionParams {
  senderJa: string;
  senderEn: string;
  link: string;
}

/** To the people who may give the second approval of a special-care transfer. */
export const approvalRequestMail = defineMail<ActionParams>('exchange.approval_request', {
  ja: (p) => ({
    subject: `【Mamori】ファイル送付の承認依頼: ${p.senderJa} さん`,
    text: `${p.senderJa} さんが、要配慮個人情報を含む送付の承認を求めています。送信者以外の方の承認があるまで、送付は相手に届きません。\n\n宛先・目的・ファイルを確認して、承認または差し戻してください:\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Transfer awaiting your approval: ${p.senderEn}`,
    text: `${p.senderEn} asks for a second approval of a transfer holding special-care personal information. It reaches nobody until someone other than the sender approves it.\n\nPlease check its recipients, purpose and files, then approve or return it:\n${p.link}`,
  }),
});

/** To the data center: a sender asks for an exception to the tripwire. */
export const exceptionRequestMail = defineMail<ActionParams & { findings: number }>('exchange.exception_request', {
  ja: (p) => ({
    subject: `【Mamori】個人識別情報チェックの例外申請: ${p.senderJa} さん`,
    text: `${p.senderJa} さんが、個人識別情報チェックで止まった送付について例外を申請しました（検出 ${p.findings} 件）。\n\n検出箇所と申請理由を確認して、承認または却下してください:\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Tripwire exception requested by ${p.senderEn}`,
    text: `${p.senderEn} asks for an exception for a transfer the identifier tripwire stopped (${p.findings} finding(s)).\n\nPlease review the findings and the reason, then approve or reject:\n${p.link}`,
  }),
});

export interface DecisionParams {
  approved: boolean;
  byJa: string;
  byEn: string;
  reason: string;
  link: string;
}

/** To the sender: the data center decided on their exception request. */
export const exceptionDecidedMail = defineMail<DecisionParams>('exchange.exception_decided', {
  ja: (p) => ({
    subject: p.approved ? '【Mamori】例外申請が承認されました' : '【Mamori】例外申請は却下されました',
    text: `${p.byJa} さんが、あなたの送付の例外申請を${p.approved ? '承認しました。ほかに止める理由がなければ送付は手続きを進めます' : '却下しました。該当のファイルを差し替えるか取り除いてから、もう一度送付してください'}。${p.reason ? `\n\n理由・コメント: ${p.reason}` : ''}\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: p.approved ? '[Mamori] Your exception request was approved' : '[Mamori] Your exception request was rejected',
    text: `${p.byEn} has ${p.approved ? 'approved your exception request. Unless something else holds it, the transfer goes ahead' : 'rejected your exception request. Replace or remove the file concerned, then release the transfer again'}.${p.reason ? `\n\nReason / comment: ${p.reason}` : ''}\n\n${p.link}`,
  }),
});

/** To the sender: the second approver returned the transfer. */
export const approvalRejectedMail = defineMail<DecisionParams>('exchange.approval_rejected', {
  ja: (p) => ({
    subject: '【Mamori】ファイル送付が差し戻されました',
    text: `${p.byJa} さんが、あなたの送付を承認せずに差し戻しました。送付は下書きに戻っています。${p.reason ? `\n\n理由・コメント: ${p.reason}` : ''}\n\n${p.link}`,
  }),
  en: (p) => ({
    subject: '[Mamori] Your transfer was returned',
    text: `${p.byEn} did not approve your transfer and returned it; it is a draft again.${p.reason ? `\n\nReason / comment: ${p.reason}` : ''}\n\n${p.link}`,
  }),
});
