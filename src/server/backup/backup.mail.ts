import { defineMail } from '../mail/template.js';

interface BackupAlertParams {
  /** Why: the newest backup failed, or none has succeeded for too long. */
  kind: 'failed' | 'stale';
  /** ISO time of the newest successful backup, if any. */
  lastSuccessAt: string | null;
  /** The newest failure's message, if the newest run failed. */
  error: string | null;
  hours: number;
}

const jst = (iso: string, lang: 'ja' | 'en') =>
  new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }) + (lang === 'ja' ? '（日本時間）' : ' (JST)');

/** To the information security manager(s) when backups stop succeeding (P32-1.2.3), at most once a day. */
export const BACKUP_ALERT_MAIL = defineMail<BackupAlertParams>('backup.alert', {
  ja: (p) => ({
    subject: p.kind === 'failed' ? '【Mamori】バックアップに失敗しました' : `【Mamori】${p.hours}時間以上バックアップが成功していません`,
    text: [
      p.kind === 'failed' ? '最新のバックアップが失敗しました。' : `${p.hours}時間以上、バックアップが一度も成功していません。`,
      `最後に成功したバックアップ: ${p.lastSuccessAt ? jst(p.lastSuccessAt, 'ja') : 'なし'}`,
      ...(p.error ? [`エラー: ${p.error}`] : []),
      '',
      'サーバーのログと BACKUP_DIR の空き容量・書込み権限、BACKUP_KEY の設定を確認し、`mamori backup` で手動バックアップを取得してください（手順は docs/OPERATIONS.md の「Backups」）。',
    ].join('\n'),
  }),
  en: (p) => ({
    subject: p.kind === 'failed' ? '[Mamori] A backup failed' : `[Mamori] No backup has succeeded for ${p.hours} hours`,
    text: [
      p.kind === 'failed' ? 'The newest backup failed.' : `No backup has succeeded for more than ${p.hours} hours.`,
      `Last successful backup: ${p.lastSuccessAt ? jst(p.lastSuccessAt, 'en') : 'none'}`,
      ...(p.error ? [`Error: ${p.error}`] : []),
      '',
      'Check the server log, the free space and permissions of BACKUP_DIR and the BACKUP_KEY setting, then take a backup by hand with `mamori backup` (see "Backups" in docs/OPERATIONS.md).',
    ].join('\n'),
  }),
});
