import type { Language } from '../../shared/account.js';

export interface RenderedMail {
  subject: string;
  text: string;
}

/**
 * One kind of email, written in both languages. Modules define their templates beside their
 * code (e.g. `accounts/mail.ts`) and hand them to `Mailer.enqueue`; the recipient's language picks
 * the version.
 */
export interface MailTemplate<P> {
  name: string;
  ja: (params: P) => RenderedMail;
  en: (params: P) => RenderedMail;
}

export function defineMail<P>(name: string, versions: { ja: (p: P) => RenderedMail; en: (p: P) => RenderedMail }): MailTemplate<P> {
  return { name, ...versions };
}

export function render<P>(template: MailTemplate<P>, language: Language, params: P): RenderedMail {
  const r = template[language](params);
  return { subject: r.subject.replace(/[\r\n]+/g, ' ').trim(), text: `${r.text.trim()}\n\n${FOOTER[language]}\n` };
}

const FOOTER: Record<Language, string> = {
  ja: '-- \nこのメールは Mamori（情報セキュリティ管理システム）から自動送信されています。心当たりのない場合はデータセンターへご連絡ください。',
  en: '-- \nThis email was sent automatically by Mamori, the information security management system. If you did not expect it, please contact the data center.',
};
