import { defineMail } from '../../mail/template.js';

interface DeviceParams {
  /** ISO time of the sign-in. */
  at: string;
  ip: string;
  browser: string;
  os: string;
  securityUrl: string;
}

const jst = (iso: string, lang: 'ja' | 'en') =>
  new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }) + (lang === 'ja' ? '（日本時間）' : ' (JST)');

/** Sent when a person completes sign-in from a browser that has not signed in to their account before. */
export const NEW_DEVICE_MAIL = defineMail<DeviceParams>('identity.new_device', {
  ja: (p) => ({
    subject: '新しい端末から Mamori にサインインしました',
    text: `お使いのアカウントに、これまでと異なる端末からサインインがありました。\n\n日時: ${jst(p.at, 'ja')}\nIPアドレス: ${p.ip}\nブラウザ: ${p.browser}（${p.os}）\n\nご本人の操作であれば対応は不要です。心当たりがない場合は、すぐにパスワードを変更し、他のセッションを終了してください:\n${p.securityUrl}\nあわせてデータセンターへご連絡ください。`,
  }),
  en: (p) => ({
    subject: 'New sign-in to Mamori from another device',
    text: `Your account was signed in to from a device it has not used before.\n\nTime: ${jst(p.at, 'en')}\nIP address: ${p.ip}\nBrowser: ${p.browser} (${p.os})\n\nIf this was you, nothing needs to be done. If not, change your password and end your other sessions now:\n${p.securityUrl}\nand inform the data center.`,
  }),
});

interface FailureParams {
  count: number;
  at: string;
  lastIp: string;
  securityUrl: string;
}

/** Sent once per hour at most when sign-in to an account keeps failing. */
export const FAILED_SIGN_INS_MAIL = defineMail<FailureParams>('identity.failed_sign_ins', {
  ja: (p) => ({
    subject: 'Mamori へのサインインの失敗が続いています',
    text: `お使いのアカウントへのサインインが、この1時間に ${p.count} 回失敗しました（最後: ${jst(p.at, 'ja')}、IPアドレス ${p.lastIp}）。\n\n失敗が続くと、次の試行までの待ち時間が延びます。アカウントが恒久的にロックされることはありません。\nご本人の操作でない場合は、推測されにくいパスワードになっているかご確認ください:\n${p.securityUrl}`,
  }),
  en: (p) => ({
    subject: 'Repeated failed sign-ins to your Mamori account',
    text: `Signing in to your account failed ${p.count} times in the last hour (last: ${jst(p.at, 'en')}, IP address ${p.lastIp}).\n\nAfter repeated failures each further attempt must wait longer; the account is never locked permanently.\nIf these attempts were not yours, make sure your password is hard to guess:\n${p.securityUrl}`,
  }),
});
