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

/** Kind names for emails (the web has its own in messages.*.json). */
export const KIND_WORDS: Record<string, { ja: string; en: string }> = {
  lost_device: { ja: '機器・媒体の紛失・盗難', en: 'Lost or stolen device or media' },
  misdelivery: { ja: '誤送信・誤送付', en: 'Misdelivery' },
  unauthorized_access: { ja: '不正アクセス', en: 'Unauthorized access' },
  malware: { ja: 'マルウェア感染', en: 'Malware' },
  credential_loss: { ja: 'アカウント・パスワードの紛失', en: 'Lost credentials' },
  credential_sharing: { ja: 'アカウントの共用・貸与', en: 'Shared credentials' },
  data_alteration: { ja: 'データの改ざん・破損', en: 'Data altered or destroyed' },
  system_outage: { ja: 'システム障害', en: 'System outage' },
  physical: { ja: '物理的な事故（侵入・災害など）', en: 'Physical incident (break-in, disaster)' },
  other: { ja: 'その他', en: 'Other' },
};

export const tokyoTime = (d: Date, lang: 'ja' | 'en') =>
  d.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }) + (lang === 'ja' ? '（日本時間）' : ' (Japan time)');
