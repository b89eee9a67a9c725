import { coverageByLabels, coverageGroupLabels, coverageStatusLabels } from '../../../shared/labels/coverage.js';
import { byLanguage } from '../../../shared/labels/define.js';

export type Lang = 'ja' | 'en';

const BY = byLanguage(coverageByLabels);
const GROUP = byLanguage(coverageGroupLabels);
const STATUS = byLanguage(coverageStatusLabels);

/**
 * Words of the coverage exports and the education report. The labels of dimensions and statuses are
 * the web app's (`src/shared/labels`); the export by person adds its own dimension, `people`.
 */
export const COVERAGE_WORDS = {
  ja: {
    title: '周知・教育の達成状況',
    fileName: '達成状況',
    generated: '作成日時（日本時間）',
    scopeAll: '対象：組織全体（有効なアカウントのみ）',
    scopeSome: (names: string) => `対象：${names} の所属者（有効なアカウントのみ）`,
    document: '文書',
    course: '研修',
    version: (v: string) => `版 ${v}`,
    cycle: (c: string) => (c === 'once' ? '一回のみ' : `${c.replace(/^FY/, '')} 年度`),
    by: { ...BY.ja, people: '個人別' },
    group: { ...GROUP.ja, people: '氏名' },
    none: '（なし）',
    total: '全体',
    cols: ['対象者', '完了', '未完了', '期限超過', '達成率'],
    peopleCols: { name: '氏名', email: 'メールアドレス', institutions: '施設', status: '状況', dueOn: '期限', doneAt: '完了日時' },
    status: STATUS.ja,
    doubleCount: '複数の施設・グループ・役割に属する人は、それぞれに数えています（合計は全体と一致しないことがあります）。',
    page: (n: number, of: number) => `${n} / ${of} ページ`,
  },
  en: {
    title: 'Acknowledgment and training coverage',
    fileName: 'coverage',
    generated: 'Generated (Japan time)',
    scopeAll: 'Scope: the whole organization (active accounts only)',
    scopeSome: (names: string) => `Scope: people affiliated with ${names} (active accounts only)`,
    document: 'Document',
    course: 'Course',
    version: (v: string) => `version ${v}`,
    cycle: (c: string) => (c === 'once' ? 'once' : `fiscal year ${c.replace(/^FY/, '')}`),
    by: { ...BY.en, people: 'By person' },
    group: { ...GROUP.en, people: 'Name' },
    none: '(none)',
    total: 'Total',
    cols: ['Assigned', 'Done', 'Pending', 'Overdue', 'Coverage'],
    peopleCols: { name: 'Name', email: 'Email', institutions: 'Institutions', status: 'Status', dueOn: 'Due', doneAt: 'Done at' },
    status: STATUS.en,
    doubleCount: 'A person in several institutions, groups or roles counts in each of them (rows may add up to more than the total).',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;

export const REPORT_WORDS = {
  ja: {
    title: (fy: number) => `${fy} 年度 情報セキュリティ教育・周知 報告書`,
    subtitle: '運営委員会への年次報告（情報セキュリティポリシー No.32 第 6 章：周知と継続的な教育）',
    period: (from: string, to: string) => `対象期間：${from} 〜 ${to}（日本の会計年度）`,
    fileName: (fy: number) => `${fy}年度_教育報告書`,
    generated: '作成日時（日本時間）',
    note: '研修は当該年度に割り当てた受講（毎年度の研修はその年度の回、一回のみの研修はその年度に割り当てたもの）、文書は当該年度に割り当てた確認を数えています。取り消された割り当ては含みません。年度中に退職・異動した人も、その年度の対象者として数えています。達成率は報告書作成時点の状況です。',
    summary: '概要',
    chart: '達成率（当年度と前年度）',
    legendNow: (fy: number) => `${fy} 年度`,
    legendPrev: (fy: number) => `${fy} 年度（前年度）`,
    cols: ['区分', 'コード', '名称', '対象者', '完了', '達成率', '期限超過', '前年度', '増減'],
    course: '研修',
    document: '文書',
    byInstitution: '施設別（達成率の高い施設・低い施設）',
    top: '上位',
    bottom: '下位',
    instCols: ['施設', '対象者', '完了', '達成率'],
    nothing: 'この年度に割り当てた研修・文書はありません。',
    noPrev: '—',
    points: (d: number) => `${d > 0 ? '+' : ''}${d.toFixed(1)} pt`,
    page: (n: number, of: number) => `${n} / ${of} ページ`,
  },
  en: {
    title: (fy: number) => `Information security education and awareness report, fiscal year ${fy}`,
    subtitle: 'Yearly report to the steering committee (Information Security Policy No. 32, chapter 6: awareness and continuous education)',
    period: (from: string, to: string) => `Period: ${from} to ${to} (Japanese fiscal year)`,
    fileName: (fy: number) => `education-report-FY${fy}`,
    generated: 'Generated (Japan time)',
    note: 'Courses count the assignments of the year (the year’s cycle for yearly courses, assignments made during the year for one-time courses); documents count the acknowledgments assigned during the year. Cancelled assignments are left out. People who left during the year still count in that year’s audience. Completion is as of the report’s date.',
    summary: 'Summary',
    chart: 'Completion (this year and the previous year)',
    legendNow: (fy: number) => `FY${fy}`,
    legendPrev: (fy: number) => `FY${fy} (previous year)`,
    cols: ['Kind', 'Code', 'Title', 'Audience', 'Completed', '%', 'Overdue', 'Previous FY', 'Trend'],
    course: 'Course',
    document: 'Document',
    byInstitution: 'By institution (highest and lowest completion)',
    top: 'Highest',
    bottom: 'Lowest',
    instCols: ['Institution', 'Audience', 'Completed', '%'],
    nothing: 'No course or document was assigned in this fiscal year.',
    noPrev: '—',
    points: (d: number) => `${d > 0 ? '+' : ''}${d.toFixed(1)} pt`,
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;
