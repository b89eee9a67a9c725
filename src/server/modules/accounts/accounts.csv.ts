import type { AccountSummaryDto } from '../../../shared/accounts.js';
import type { AccountStatus, SuspendedReason } from '../../../shared/account.js';

type Lang = 'ja' | 'en';

const HEAD: Record<Lang, string[]> = {
  ja: ['氏名', '氏名（英字）', 'メールアドレス', '所属施設', 'アカウントの状態', '停止の理由', '名簿上の在籍', 'MFA', '誓約（版）', '最終サインイン', '招待リンクの有効期限', 'アカウントの有効期限', '長期未使用による停止予定'],
  en: ['Name (Japanese)', 'Name', 'Email', 'Institutions', 'Account status', 'Suspension reason', 'Active in the registry', 'MFA', 'Pledge (version)', 'Last sign-in', 'Invitation link valid until', 'Account expires', 'Suspended for dormancy on'],
};

const STATUS: Record<Lang, Record<AccountStatus, string>> = {
  ja: { none: 'アカウントなし', invited: '招待中', active: '有効', suspended: '停止中', offboarded: '利用終了' },
  en: { none: 'No account', invited: 'Invited', active: 'Active', suspended: 'Suspended', offboarded: 'Offboarded' },
};
const REASON: Record<Lang, Record<SuspendedReason, string>> = {
  ja: { manual: 'データセンターによる停止', dormant: '長期未使用', expired: '期限切れ', sanction: '処分による停止' },
  en: { manual: 'Manual', dormant: 'Dormant', expired: 'Expired', sanction: 'Sanction' },
};
const WORDS = {
  ja: { yes: 'はい', no: 'いいえ', enrolled: '登録済み', notEnrolled: '未登録' },
  en: { yes: 'yes', no: 'no', enrolled: 'enrolled', notEnrolled: 'not enrolled' },
};

/** A date and time in Japan time, as Excel reads it ("2026-04-01 09:30"). */
function tokyo(iso: string | null): string {
  if (!iso) return '';
  const s = new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** Quotes every cell; a leading =, +, -, @ gets an apostrophe so a spreadsheet never runs it as a formula. */
function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The console's list as CSV: UTF-8 starting with a byte order mark (without it Excel on Japanese
 * Windows reads Shift_JIS and garbles the text), CRLF line ends, headers and words in `lang`.
 */
export function accountsCsv(rows: AccountSummaryDto[], lang: Lang): Buffer {
  const w = WORDS[lang];
  const lines = [HEAD[lang].map(cell).join(',')];
  for (const a of rows) {
    lines.push(
      [
        `${a.familyNameJa} ${a.givenNameJa}`.trim(),
        `${a.givenNameEn} ${a.familyNameEn}`.trim(),
        a.email,
        a.institutions.map((i) => (lang === 'ja' ? i.nameJa : i.nameEn)).join(lang === 'ja' ? '、' : '; '),
        STATUS[lang][a.status],
        a.status === 'suspended' && a.suspendedReason ? REASON[lang][a.suspendedReason] : '',
        a.personActive ? w.yes : w.no,
        a.mfaEnrolled ? w.enrolled : w.notEnrolled,
        a.pledgeVersion ?? '',
        tokyo(a.lastSignInAt),
        a.status === 'invited' ? tokyo(a.invitationExpiresAt) : '',
        tokyo(a.expiresAt),
        tokyo(a.dormantAt),
      ]
        .map(cell)
        .join(','),
    );
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
