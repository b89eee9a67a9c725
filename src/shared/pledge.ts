import type { Language } from './account.js';
import { PLEDGE_VERSION } from './account.js';

/** One duty of the onboarding pledge, tied to the policy clause it comes from. */
export interface PledgeItem {
  clause: string;
  text: string;
}
export interface PledgeText {
  title: string;
  items: PledgeItem[];
}

/**
 * The onboarding pledge: a person's duties for their credentials under P32-2.1.3a–f, in Mamori's
 * own words. Each version is kept so an old signature's text can still be shown; a change of
 * wording means a new version (and PLEDGE_VERSION in account.ts moves to it, so everyone signs again).
 */
export const PLEDGES: Record<string, Record<Language, PledgeText>> = {
  '2026-11': {
    ja: {
      title: '認証情報の取扱いに関する誓約',
      items: [
        { clause: 'P32-2.1.3a', text: '私の個人アカウントは私だけのものです。アカウントもパスワードも、同僚や上司を含め誰にも教えず、共有もしません。' },
        { clause: 'P32-2.1.3b', text: 'アカウント・パスワード・認証アプリ（スマートフォン等）をなくした、または他人に知られたおそれがあるときは、Mamori の「認証情報を紛失した」からすぐにデータセンターへ知らせます。' },
        { clause: 'P32-2.1.3c', text: 'パスワードを紙やファイルに書き留める場合は、他の人の目に触れない場所に保管します。できる限りパスワードマネージャーを使います。' },
        { clause: 'P32-2.1.3d', text: '研究グループのグループID・パスワードは、そのグループの施設の研究者以外には渡しません。' },
        { clause: 'P32-2.1.3e', text: 'グループIDを忘れたときは、自分の施設の施設コーディネーターに尋ねます。' },
        { clause: 'P32-2.1.3f', text: '所属施設の異動・氏名やメールアドレスの変更・研究グループへの参加や離脱・退職など、登録内容が変わるときは、決められた手続きで速やかにデータセンターへ届け出ます。' },
      ],
    },
    en: {
      title: 'Pledge on handling sign-in credentials',
      items: [
        { clause: 'P32-2.1.3a', text: 'My personal account is mine alone. I will not tell anyone my account or password, colleagues and superiors included, and I will not share them.' },
        { clause: 'P32-2.1.3b', text: 'If I lose my account, my password or my authenticator (for example my phone), or think someone else may know them, I will tell the data center at once with “I lost my credentials” in Mamori.' },
        { clause: 'P32-2.1.3c', text: 'If I write a password down on paper or in a file, I will keep it where nobody else can see it. Wherever I can, I will use a password manager.' },
        { clause: 'P32-2.1.3d', text: 'I will not give a research group’s group ID or password to anyone who is not a researcher at one of that group’s sites.' },
        { clause: 'P32-2.1.3e', text: 'If I forget a group ID, I will ask my own site’s coordinator.' },
        { clause: 'P32-2.1.3f', text: 'When my registration changes (moving to another institution, a new name or email address, joining or leaving a research group, retiring), I will report it promptly to the data center through the set procedure.' },
      ],
    },
  },
};

/** The pledge of a version, or undefined for an unknown version. */
export function pledgeOf(version: string): Record<Language, PledgeText> | undefined {
  return Object.hasOwn(PLEDGES, version) ? PLEDGES[version] : undefined;
}

/** The current pledge. */
export function currentPledge(): Record<Language, PledgeText> {
  const p = pledgeOf(PLEDGE_VERSION);
  if (!p) throw new Error(`no pledge text for ${PLEDGE_VERSION}`);
  return p;
}

/** The exact text a person reads and signs, as one string (its SHA-256 is recorded with the signature). */
export function pledgePlainText(p: PledgeText): string {
  return [p.title, ...p.items.map((i) => `${i.clause} ${i.text}`)].join('\n');
}
