import type { Label } from '../../../shared/labels/define.js';
import { incidentKindLabels } from '../../../shared/labels/incidents.js';
import { defineMail } from '../../mail/template.js';

export interface IncidentReportedParams {
  ref: string;
  kindJa: string;
  kindEn: string;
  reportedAtJa: string;
  reportedAtEn: string;
  link: string;
}

/**
 * To the information security manager(s) and the data center the moment an incident is reported
 * (P32-2.1.1). It carries the reference, the kind and the link only: what happened, and any
 * personal information, stays behind the sign-in.
 */
export const incidentReportedMail = defineMail<IncidentReportedParams>('incident.reported', {
  ja: (p) => ({
    subject: `【Mamori】インシデントの報告がありました（${p.ref}）`,
    text: `新しいインシデントが報告されました。内容を確認し、初動対応（トリアージ）を行ってください。\n\n受付番号: ${p.ref}\n種類: ${p.kindJa}\n報告日時: ${p.reportedAtJa}\n\n詳細は Mamori にサインインして確認してください（個人情報保護のため、内容はメールに記載していません）。\n${p.link}`,
  }),
  en: (p) => ({
    subject: `[Mamori] Incident reported (${p.ref})`,
    text: `A new incident has been reported. Please review it and triage it.\n\nReference: ${p.ref}\nKind: ${p.kindEn}\nReported: ${p.reportedAtEn}\n\nSign in to Mamori to see the details (they are not in this email, to protect any personal information).\n${p.link}`,
  }),
});

/** Kind names for emails (the same the web app shows). */
export const KIND_WORDS: Record<string, Label> = incidentKindLabels;

export const tokyoTime = (d: Date, lang: 'ja' | 'en') =>
  d.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }) + (lang === 'ja' ? '（日本時間）' : ' (Japan time)');
