import { defineMail } from '../../mail/template.js';

/** A person's name in both languages, so each template picks its own. */
export interface Names {
  ja: string;
  en: string;
}

/** A deadline in Japan time, as people at the hospitals read it. */
export function tokyoTime(iso: string, lang: 'ja' | 'en'): string {
  const d = new Date(iso);
  const s = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: lang === 'ja' ? '2-digit' : 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
  return lang === 'ja' ? `${s}（日本時間）` : `${s} (Japan time)`;
}

const LOST_JA: Record<string, string> = { account: 'アカウント', password: 'パスワード', authenticator: '認証アプリ（二要素認証）', group_id: 'グループID' };
const LOST_EN: Record<string, string> = { account: 'account', password: 'password', authenticator: 'authenticator app (second factor)', group_id: 'group ID' };
const lostList = (lost: string[], lang: 'ja' | 'en') => lost.map((l) => (lang === 'ja' ? LOST_JA : LOST_EN)[l] ?? l).join(lang === 'ja' ? '、' : ', ');

export const invitationMail = defineMail<{ name: Names; link: string; expiresAt: string; resent: boolean }>('accounts.invitation', {
  ja: (p) => ({
    subject: p.resent ? '【Mamori】アカウント発行のご案内（再送）' : '【Mamori】アカウント発行のご案内',
    text: `${p.name.ja} 様

データセンターが Mamori（情報セキュリティ管理システム）のアカウントを発行しました。
次のリンクを開き、パスワードを設定してください。${p.resent ? '\n以前にお送りしたリンクは使えなくなりました。' : ''}

${p.link}

このリンクは一度だけ使えます。有効期限: ${tokyoTime(p.expiresAt, 'ja')}
パスワード設定の後、二要素認証の登録と誓約への署名をお願いします。`,
  }),
  en: (p) => ({
    subject: p.resent ? '[Mamori] Your account invitation (sent again)' : '[Mamori] Your account invitation',
    text: `Dear ${p.name.en},

The data center has issued you an account in Mamori, the information security management system.
Open the link below and choose your password.${p.resent ? '\nThe link sent earlier no longer works.' : ''}

${p.link}

The link works once and expires ${tokyoTime(p.expiresAt, 'en')}.
After choosing a password you will set up two-factor sign-in and sign the pledge.`,
  }),
});

export const suspendedMail = defineMail<{ name: Names; reason: 'manual' | 'dormant' | 'expired' | 'sanction' }>('accounts.suspended', {
  ja: (p) => ({
    subject: '【Mamori】アカウントを停止しました',
    text: `${p.name.ja} 様

Mamori のアカウントを停止しました。${
      p.reason === 'dormant' ? '長期間サインインがなかったためです。' : p.reason === 'expired' ? 'アカウントの有効期限が過ぎたためです。' : p.reason === 'sanction' ? '情報セキュリティ管理責任者の決定によるものです。' : 'データセンターによる停止です。'
    }
サインインしていたセッションはすべて終了しました。
引き続き利用が必要な場合は、データセンターへ再開を依頼してください。`,
  }),
  en: (p) => ({
    subject: '[Mamori] Your account has been suspended',
    text: `Dear ${p.name.en},

Your Mamori account has been suspended${
      p.reason === 'dormant' ? ' because it has not been used for a long time' : p.reason === 'expired' ? ' because its expiry date has passed' : p.reason === 'sanction' ? ' by a decision of the information security manager' : ' by the data center'
    }.
Every session that was signed in has ended.
If you still need Mamori, ask the data center to reactivate it.`,
  }),
});

export const reactivatedMail = defineMail<{ name: Names; signInUrl: string }>('accounts.reactivated', {
  ja: (p) => ({ subject: '【Mamori】アカウントを再開しました', text: `${p.name.ja} 様\n\nMamori のアカウントを再開しました。次のページからサインインできます。\n\n${p.signInUrl}` }),
  en: (p) => ({ subject: '[Mamori] Your account has been reactivated', text: `Dear ${p.name.en},\n\nYour Mamori account has been reactivated. You can sign in here:\n\n${p.signInUrl}` }),
});

export const expiryWarningMail = defineMail<{ name: Names; expiresAt: string }>('accounts.expiry_warning', {
  ja: (p) => ({
    subject: '【Mamori】アカウントの有効期限が近づいています',
    text: `${p.name.ja} 様\n\nMamori のアカウントは ${tokyoTime(p.expiresAt, 'ja')} に有効期限を迎え、その後はサインインできなくなります。\n延長が必要な場合は、データセンターへご連絡ください。`,
  }),
  en: (p) => ({
    subject: '[Mamori] Your account expires soon',
    text: `Dear ${p.name.en},\n\nYour Mamori account expires ${tokyoTime(p.expiresAt, 'en')}; after that you can no longer sign in.\nIf you need it longer, please contact the data center.`,
  }),
});

export const dormancyWarningMail = defineMail<{ name: Names; suspendAt: string; days: number; signInUrl: string }>('accounts.dormancy_warning', {
  ja: (p) => ({
    subject: '【Mamori】長期間ご利用のないアカウントは停止されます',
    text: `${p.name.ja} 様

Mamori のアカウントが長期間使われていません。${tokyoTime(p.suspendAt, 'ja')} までにサインインがない場合、アカウントは自動的に停止されます（あと約 ${p.days} 日）。
引き続き利用する場合は、次のページからサインインしてください。

${p.signInUrl}`,
  }),
  en: (p) => ({
    subject: '[Mamori] Your unused account will be suspended',
    text: `Dear ${p.name.en},

Your Mamori account has not been used for a long time. Unless you sign in before ${tokyoTime(p.suspendAt, 'en')} (about ${p.days} days from now), it will be suspended automatically.
To keep it, sign in here:

${p.signInUrl}`,
  }),
});

export const lostConfirmMail = defineMail<{ name: Names; link: string; lost: string[]; expiresAt: string }>('accounts.lost_confirm', {
  ja: (p) => ({
    subject: '【Mamori】認証情報の紛失届の確認',
    text: `${p.name.ja} 様

サインイン画面から、次の認証情報を紛失したとの届出がありました: ${lostList(p.lost, 'ja')}
ご本人による届出であれば、次のリンクを開いて確定してください。確定すると、すべてのセッションが終了し、現在のパスワードは使えなくなり、新しいパスワードを設定するためのメールが届きます。データセンターにも通知されます。

${p.link}

有効期限: ${tokyoTime(p.expiresAt, 'ja')}
心当たりがない場合は、このメールを無視してください（何も変更されません）。`,
  }),
  en: (p) => ({
    subject: '[Mamori] Confirm your lost-credential report',
    text: `Dear ${p.name.en},

Someone reported from the sign-in page that these credentials of yours were lost: ${lostList(p.lost, 'en')}.
If it was you, open the link below to confirm. On confirmation every session ends, your current password stops working, an email follows to set a new one, and the data center is told.

${p.link}

The link expires ${tokyoTime(p.expiresAt, 'en')}.
If it was not you, ignore this email: nothing changes.`,
  }),
});

export const passwordResetMail = defineMail<{ name: Names; link: string; expiresAt: string; afterLoss: boolean }>('accounts.password_reset', {
  ja: (p) => ({
    subject: '【Mamori】パスワードの再設定',
    text: `${p.name.ja} 様

${p.afterLoss ? '認証情報の紛失届を受け付けました。現在のパスワードは使えなくなっています。' : 'パスワードの再設定が依頼されました。'}
次のリンクを開き、新しいパスワードを設定してください。

${p.link}

このリンクは一度だけ使えます。有効期限: ${tokyoTime(p.expiresAt, 'ja')}
パスワードを再設定しても二要素認証は省略されません。認証アプリも紛失した場合は、回復コードを使うか、データセンターによる本人確認の後のリセットをお待ちください。${p.afterLoss ? '' : '\n依頼に心当たりがない場合は、このメールを無視してください。'}`,
  }),
  en: (p) => ({
    subject: '[Mamori] Set a new password',
    text: `Dear ${p.name.en},

${p.afterLoss ? 'Your lost-credential report has been received and your current password no longer works.' : 'A password reset was requested for your account.'}
Open the link below to choose a new password.

${p.link}

The link works once and expires ${tokyoTime(p.expiresAt, 'en')}.
A new password does not skip two-factor sign-in. If you also lost your authenticator, use a recovery code or wait for the data center to reset it after checking your identity.${p.afterLoss ? '' : '\nIf you did not ask for this, ignore this email.'}`,
  }),
});

export const dataCenterLossMail = defineMail<{ person: Names; email: string; lost: string[]; via: string; reportedAt: string; link: string; mfaResetPending: boolean }>('accounts.credential_loss_notice', {
  ja: (p) => ({
    subject: `【Mamori】認証情報の紛失届: ${p.person.ja}`,
    text: `データセンター各位

${p.person.ja}（${p.email}）から認証情報の紛失届がありました（P32-2.1.3b）。
紛失したもの: ${lostList(p.lost, 'ja')}
届出の方法: ${p.via === 'sign_in_page' ? 'サインイン画面（メールで確認済み）' : 'サインイン中の画面'}
届出日時: ${tokyoTime(p.reportedAt, 'ja')}

すべてのセッションを終了し、パスワードを無効にしました。${p.mfaResetPending ? '\n認証アプリの紛失を含みます。本人確認の後、「認証アプリをリセット」を押してください。' : ''}
対応記録:
${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Lost-credential report: ${p.person.en}`,
    text: `To the data center,

${p.person.en} (${p.email}) reported lost credentials (P32-2.1.3b).
Lost: ${lostList(p.lost, 'en')}
Reported: ${p.via === 'sign_in_page' ? 'from the sign-in page (confirmed by email)' : 'while signed in'}
At: ${tokyoTime(p.reportedAt, 'en')}

Every session has been ended and the password invalidated.${p.mfaResetPending ? '\nThe authenticator was lost too: verify the person’s identity, then press “Reset authenticator”.' : ''}
The record:
${p.link}`,
  }),
});
