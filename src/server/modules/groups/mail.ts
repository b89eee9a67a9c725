import { defineMail } from '../../mail/template.js';

interface GroupNames {
  groupCode: string;
  groupNameJa: string;
  groupNameEn: string;
}

/** A site coordinator re-sends the group ID to a researcher of their own site (P32-2.1.3e). Carries the password. */
export const groupIdResentMail = defineMail<GroupNames & { login: string; password: string; version: number; coordinatorName: string; signInUrl: string }>('groups.id_resent', {
  ja: (p) => ({
    subject: `【Mamori】${p.groupNameJa} のグループID`,
    text: `${p.groupNameJa}（${p.groupCode}）の施設コーディネーター ${p.coordinatorName} さんの依頼により、グループIDをお送りします。

グループID: ${p.login}
パスワード: ${p.password}
（第 ${p.version} 版）

会員向けページ: ${p.signInUrl}

大切なお願い:
- このグループIDとパスワードは、当施設の研究者以外には決して教えないでください（P32-2.1.3d）。
- 書き留める場合は、紙でもファイルでも他人の目に触れない場所に保管してください（P32-2.1.3c）。このメールも同様に扱い、不要になったら削除してください。
- 個人アカウントでサインインすれば「グループID」ページでいつでも確認できます。`,
  }),
  en: (p) => ({
    subject: `[Mamori] Group ID for ${p.groupNameEn}`,
    text: `At the request of ${p.coordinatorName}, site coordinator for ${p.groupNameEn} (${p.groupCode}), here is the group ID.

Group ID: ${p.login}
Password: ${p.password}
(version ${p.version})

Member pages: ${p.signInUrl}

Please:
- Never give this group ID or password to anyone who is not a researcher of your site (P32-2.1.3d).
- If you write it down, on paper or in a file, keep the record out of others' sight (P32-2.1.3c). Treat this email the same way and delete it when you no longer need it.
- Signed in with your personal account, you can look it up at any time on the Group IDs page.`,
  }),
});

/** A new version after rotation: members are told where to reveal it; the password is not in the email. */
export const groupIdRotatedMail = defineMail<GroupNames & { version: number; url: string }>('groups.rotated', {
  ja: (p) => ({
    subject: `【Mamori】${p.groupNameJa} のグループIDのパスワードが変更されました`,
    text: `${p.groupNameJa}（${p.groupCode}）のグループIDのパスワードが変更されました（第 ${p.version} 版）。以前のパスワードは使えなくなり、以前のパスワードで開いていたグループ用セッションは終了しました。

新しいパスワードは、個人アカウントでサインインして次のページで確認してください（このメールにはパスワードを記載していません）:
${p.url}

書き留める場合は他人の目に触れない場所に保管し（P32-2.1.3c）、当施設の研究者以外には教えないでください（P32-2.1.3d）。`,
  }),
  en: (p) => ({
    subject: `[Mamori] The group ID password of ${p.groupNameEn} has changed`,
    text: `The password of the group ID for ${p.groupNameEn} (${p.groupCode}) has changed (version ${p.version}). The previous password no longer works, and group sessions opened with it have ended.

Sign in with your personal account to see the new password on this page (it is not in this email):
${p.url}

If you write it down, keep it out of others' sight (P32-2.1.3c), and never give it to anyone who is not a researcher of your site (P32-2.1.3d).`,
  }),
});

const REASON = {
  ja: { member_left: 'メンバーがグループを離れました', credential_loss: '認証情報の紛失が報告されました' },
  en: { member_left: 'a member left the group', credential_loss: 'a loss of credentials was reported' },
} as const;

/** To the data center: a rotation was proposed and waits for a decision. */
export const rotationProposedMail = defineMail<GroupNames & { reason: 'member_left' | 'credential_loss'; url: string }>('groups.rotation_proposed', {
  ja: (p) => ({
    subject: `【Mamori】グループIDの変更提案: ${p.groupNameJa}`,
    text: `${p.groupNameJa}（${p.groupCode}）のグループIDのパスワード変更が提案されました。理由: ${REASON.ja[p.reason]}。

次のページで変更するか、理由を付けて見送ってください:
${p.url}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Group ID rotation proposed: ${p.groupNameEn}`,
    text: `A new password for the group ID of ${p.groupNameEn} (${p.groupCode}) has been proposed because ${REASON.en[p.reason]}.

Rotate it, or dismiss the proposal with a reason, on this page:
${p.url}`,
  }),
});
