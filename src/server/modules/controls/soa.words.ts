import { byLanguage } from '../../../shared/labels/define.js';
import { controlFamilyLabels, controlFamilyThemeLabels, controlStatusLabels, evidenceStateLabels } from '../../../shared/labels/controls.js';

export type Lang = 'ja' | 'en';

/** Labels for the statement of applicability exports (the same the web app shows). */
export const FAMILY_LABEL = byLanguage(controlFamilyLabels);
export const FAMILY_THEME = byLanguage(controlFamilyThemeLabels);
export const STATUS_LABEL = byLanguage(controlStatusLabels);
export const EVIDENCE_LABEL = byLanguage(evidenceStateLabels);

export const SOA_WORDS = {
  ja: {
    title: '適用宣言書',
    subtitle: '情報セキュリティポリシー（No.32）第 5 章の管理策',
    fileName: '適用宣言書',
    generated: '作成日時（日本時間）',
    summary: '概要',
    total: '管理策の数',
    applicable: '適用',
    notApplicable: '適用外',
    yes: '適用',
    no: '適用外',
    note: '管理策の名称と説明は Mamori 独自の表現です。ISO/IEC 27002:2022 の番号は対応関係を示す参照です。',
    cols: ['コード', '管理策', 'ISO/IEC 27002', '方針の条項', '適用', '適用・除外の理由', '実施状況', '担当部門', 'エビデンス', 'リスク'],
    summaryCols: ['分野', '管理策', '適用', '実施済み', '一部実施', '計画済み', '未着手', '適用外', 'エビデンス期限切れ'],
    allFamilies: '合計',
    until: (d: string) => `${d} まで`,
    page: (n: number, of: number) => `${n} / ${of} ページ`,
    sheet: '適用宣言書',
    summarySheet: '概要',
    description: '説明',
  },
  en: {
    title: 'Statement of applicability',
    subtitle: 'Controls of chapter 5 of the Information Security Policy (No. 32)',
    fileName: 'statement-of-applicability',
    generated: 'Generated (Japan time)',
    summary: 'Summary',
    total: 'Controls',
    applicable: 'Applicable',
    notApplicable: 'Not applicable',
    yes: 'Yes',
    no: 'No',
    note: 'Control titles and descriptions are Mamori’s own wording; ISO/IEC 27002:2022 numbers are cited as references only.',
    cols: ['Code', 'Control', 'ISO/IEC 27002', 'Policy clauses', 'Applicable', 'Justification', 'Status', 'Owner unit', 'Evidence', 'Risks'],
    summaryCols: ['Family', 'Controls', 'Applicable', 'Implemented', 'Partly', 'Planned', 'Not started', 'Not applicable', 'Evidence expired'],
    allFamilies: 'Total',
    until: (d: string) => `until ${d}`,
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    sheet: 'SoA',
    summarySheet: 'Summary',
    description: 'Description',
  },
} as const;

/** A timestamp as Japan time, "2026-04-01 09:00". */
export function tokyo(d: Date): string {
  return new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
