import { defineMail } from '../mail/template.js';
import type { CheckpointFile } from './checkpoint.js';

/** Japan time, to the second, for people reading the email. */
const jst = (iso: string) => new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export interface CheckpointMailParams {
  checkpoint: CheckpointFile;
}

/**
 * The signed checkpoint, sent to the information security manager(s) as a second witness kept
 * outside the database. The checkpoint is one line of JSON: saved as a file, it is exactly what
 * `mamori audit verify --checkpoint` reads. It names no person and holds no secret.
 */
export const checkpointWitnessedMail = defineMail<CheckpointMailParams>('audit.checkpoint_witnessed', {
  ja: ({ checkpoint: c }) => ({
    subject: `監査ログのチェックポイント（記録番号 ${c.seq}）`,
    text: [
      `監査ログの記録番号 ${c.seq} までを ${jst(c.createdAt)}（日本時間）に署名しました。`,
      'このメールは、データベースの外に残す監査ログの証拠です。削除せずに保管してください。',
      '',
      `記録番号: ${c.seq}`,
      `ハッシュ: ${c.hash}`,
      '',
      '署名済みチェックポイント（次の 1 行を checkpoint.json として保存すると、`mamori audit verify --checkpoint checkpoint.json` で照合できます）:',
      JSON.stringify(c),
    ].join('\n'),
  }),
  en: ({ checkpoint: c }) => ({
    subject: `Audit log checkpoint (entry ${c.seq})`,
    text: [
      `The audit log up to entry ${c.seq} was signed at ${jst(c.createdAt)} (Japan time).`,
      'This email is evidence of the audit log kept outside the database. Please keep it; do not delete it.',
      '',
      `Entry: ${c.seq}`,
      `Hash: ${c.hash}`,
      '',
      'Signed checkpoint (save the next line as checkpoint.json and check the log against it with `mamori audit verify --checkpoint checkpoint.json`):',
      JSON.stringify(c),
    ].join('\n'),
  }),
});

export interface ChainBrokenMailParams {
  reason: string;
  witnessSeq: number | null;
  witnessedAt: string | null;
}

/** Sent when the scheduled witness finds the log no longer extends the last witnessed checkpoint (and signs nothing). */
export const chainBrokenMail = defineMail<ChainBrokenMailParams>('audit.chain_broken', {
  ja: (p) => ({
    subject: '【至急】監査ログの改ざんの疑い',
    text: [
      '監査ログが、最後に外部へ記録したチェックポイントと一致しません。新しいチェックポイントは署名していません。',
      ...(p.witnessSeq !== null && p.witnessedAt ? [`照合したチェックポイント: 記録番号 ${p.witnessSeq}（${jst(p.witnessedAt)} 日本時間）`] : []),
      `検出内容: ${p.reason}`,
      '',
      'サーバーで `mamori audit verify` を実行して確認し、情報セキュリティインシデントとして対応してください。',
    ].join('\n'),
  }),
  en: (p) => ({
    subject: '[Urgent] The audit log may have been tampered with',
    text: [
      'The audit log no longer matches the last checkpoint witnessed outside the database. No new checkpoint was signed.',
      ...(p.witnessSeq !== null && p.witnessedAt ? [`Checked against: the checkpoint of entry ${p.witnessSeq} (${jst(p.witnessedAt)} Japan time)`] : []),
      `Found: ${p.reason}`,
      '',
      'Run `mamori audit verify` on the server to confirm, and handle this as an information security incident.',
    ].join('\n'),
  }),
});
