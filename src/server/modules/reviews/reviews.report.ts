import { jpPdf } from '../../export/pdf-report.js';
import { asc, eq } from 'drizzle-orm';
import type { Role } from '../../../shared/roles.js';
import type { InstitutionProgress, ReviewItemStatus } from '../../../shared/reviews.js';
import type { Conn } from '../../db/client.js';
import { accessReviewItems, institutions, people, researchGroups } from '../../db/schema/index.js';
import type { CampaignRow } from './reviews.service.js';
import { CENTRAL, ROLE_LABEL, STATUS_LABEL, tokyo } from './reviews.words.js';

type Lang = 'ja' | 'en';

/**
 * The Japanese font embedded in PDF reports: Noto Sans JP from an npm package, so reports render
 * on a server without any system fonts. pdfkit embeds only the glyphs a report uses.
 */

export interface ReportRow {
  institution: string;
  person: string;
  email: string;
  role: string;
  group: string;
  reviewer: string;
  status: string;
  reason: string;
  decidedBy: string;
  decidedAt: string;
  escalated: boolean;
  flagged: boolean;
}

/** Every item of a campaign as the report shows it. */
export async function reportRows(conn: Conn, c: CampaignRow, lang: Lang): Promise<ReportRow[]> {
  const rows = await conn
    .select({ i: accessReviewItems, instJa: institutions.nameJa, instEn: institutions.nameEn, rgJa: researchGroups.nameJa, rgEn: researchGroups.nameEn, dJa: people.familyNameJa, dJa2: people.givenNameJa, dEn: people.familyNameEn, dEn2: people.givenNameEn })
    .from(accessReviewItems)
    .leftJoin(institutions, eq(institutions.id, accessReviewItems.institutionId))
    .leftJoin(researchGroups, eq(researchGroups.id, accessReviewItems.researchGroupId))
    .leftJoin(people, eq(people.id, accessReviewItems.decidedBy))
    .where(eq(accessReviewItems.campaignId, c.id))
    .orderBy(asc(institutions.code), asc(accessReviewItems.personNameEn), asc(accessReviewItems.id));
  const reviewer = { ja: { site_coordinator: '施設コーディネーター', data_center: 'データセンター' }, en: { site_coordinator: 'Site coordinators', data_center: 'Data center' } }[lang];
  return rows.map(({ i, ...r }) => ({
    institution: (lang === 'ja' ? r.instJa : r.instEn) ?? CENTRAL[lang],
    person: lang === 'ja' ? i.personNameJa : i.personNameEn,
    email: i.personEmail,
    role: ROLE_LABEL[lang][i.role as Role] ?? i.role,
    group: (lang === 'ja' ? r.rgJa : r.rgEn) ?? '',
    reviewer: reviewer[i.reviewer as 'site_coordinator' | 'data_center'] ?? i.reviewer,
    status: STATUS_LABEL[lang][i.status as ReviewItemStatus] ?? i.status,
    reason: i.reason ?? '',
    decidedBy: i.decidedBy ? (lang === 'ja' ? `${r.dJa ?? ''} ${r.dJa2 ?? ''}` : `${r.dEn2 ?? ''} ${r.dEn ?? ''}`).trim() : '',
    decidedAt: tokyo(i.decidedAt),
    escalated: i.escalated,
    flagged: i.flagged,
  }));
}

const HEAD: Record<Lang, string[]> = {
  ja: ['レビュー', '期限', '施設', '氏名', 'メールアドレス', 'ロール', '研究グループ', 'レビュー担当', '結果', '理由', '判断者', '判断日時（日本時間）', 'エスカレーション', 'コーディネーター不在'],
  en: ['Review', 'Due date', 'Institution', 'Name', 'Email', 'Role', 'Research group', 'Reviewer', 'Decision', 'Reason', 'Decided by', 'Decided at (Japan time)', 'Escalated', 'No site coordinator'],
};

/** A CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** UTF-8 with a byte-order mark and CRLF line ends, which Excel on Japanese Windows opens as UTF-8. */
export function reportCsv(c: CampaignRow, rows: ReportRow[], lang: Lang): Buffer {
  const yes = lang === 'ja' ? 'はい' : 'yes';
  const lines = [HEAD[lang].map(cell).join(',')];
  for (const r of rows) {
    lines.push([c.name, c.dueDate, r.institution, r.person, r.email, r.role, r.group, r.reviewer, r.status, r.reason, r.decidedBy, r.decidedAt, r.escalated ? yes : '', r.flagged ? yes : ''].map(cell).join(','));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

const T = {
  ja: {
    title: 'アクセス権レビュー 結果報告',
    campaign: 'レビュー名',
    due: '期限',
    scope: '対象',
    allInstitutions: 'すべての施設',
    institutionsN: (n: number) => `選択した ${n} 施設`,
    staff: '本部スタッフ・委託先',
    included: '含む',
    excluded: '含まない',
    started: '開始',
    status: '状態',
    open: '実施中',
    closed: '終了',
    closedAt: '終了日時',
    generated: '作成日時',
    progress: '施設ごとの進捗',
    decisions: '判断の一覧',
    cols: ['施設', '対象', '未確認', '継続', '削除', '未実施', 'エスカレーション'],
    rowCols: ['施設', '氏名', 'ロール', '結果', '判断者', '判断日時', '理由'],
    noCoordinator: '（施設コーディネーター不在のためデータセンターが確認）',
    page: (n: number) => `${n} ページ`,
  },
  en: {
    title: 'Access review: result report',
    campaign: 'Review',
    due: 'Due date',
    scope: 'Scope',
    allInstitutions: 'All institutions',
    institutionsN: (n: number) => `${n} chosen institution(s)`,
    staff: 'Central staff and contractors',
    included: 'included',
    excluded: 'not included',
    started: 'Started',
    status: 'Status',
    open: 'Open',
    closed: 'Closed',
    closedAt: 'Closed at',
    generated: 'Generated',
    progress: 'Progress by institution',
    decisions: 'Decisions',
    cols: ['Institution', 'Items', 'Open', 'Confirmed', 'Removed', 'Not reviewed', 'Escalated'],
    rowCols: ['Institution', 'Name', 'Role', 'Decision', 'Decided by', 'Decided at', 'Reason'],
    noCoordinator: '(no site coordinator: reviewed by the data center)',
    page: (n: number) => `Page ${n}`,
  },
};

/** The report as a PDF (A4 landscape) with the Japanese font embedded. Times are Japan time. */
export function reportPdf(c: CampaignRow, startedBy: string, progress: InstitutionProgress[], rows: ReportRow[], lang: Lang, now: Date): Promise<Buffer> {
  const t = T[lang];
  const { doc, done } = jpPdf({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: `${t.title}: ${c.name}`, Author: 'Mamori', CreationDate: now } });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  doc.fontSize(16).text(t.title);
  doc.moveDown(0.5).fontSize(10);
  const info: [string, string][] = [
    [t.campaign, c.name],
    [t.due, c.dueDate],
    [t.scope, `${c.institutionIds?.length ? t.institutionsN(c.institutionIds.length) : t.allInstitutions} / ${t.staff}: ${c.includeStaff ? t.included : t.excluded}`],
    [t.started, `${tokyo(c.startedAt)} ${startedBy}`],
    [t.status, c.status === 'closed' ? `${t.closed} (${t.closedAt}: ${tokyo(c.closedAt)})` : t.open],
    [t.generated, tokyo(now)],
  ];
  for (const [k, v] of info) doc.text(`${k}: ${v}`);

  const table = (cols: string[], widths: number[], body: string[][]) => {
    const drawRow = (cells: string[], bold: boolean) => {
      const heights = cells.map((v, i) => doc.heightOfString(v, { width: widths[i]! - 4 }));
      const h = Math.max(...heights, 10) + 4;
      if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      let x = left;
      if (bold) doc.rect(left, y, width, h).fill('#eeeeee').fillColor('#000000');
      cells.forEach((v, i) => {
        doc.text(v, x + 2, y + 2, { width: widths[i]! - 4 });
        x += widths[i]!;
      });
      doc.moveTo(left, y + h).lineTo(left + width, y + h).strokeColor('#cccccc').stroke();
      doc.x = left;
      doc.y = y + h;
    };
    doc.fontSize(8);
    drawRow(cols, true);
    for (const r of body) drawRow(r, false);
    doc.fontSize(10);
  };

  doc.moveDown().fontSize(12).text(t.progress, left);
  doc.moveDown(0.3);
  const pw = [width * 0.4, ...Array(6).fill((width * 0.6) / 6)] as number[];
  table(t.cols, pw, progress.map((p) => [`${lang === 'ja' ? p.nameJa : p.nameEn}${p.flagged ? ` ${t.noCoordinator}` : ''}`, ...[p.total, p.open, p.confirmed, p.removed, p.notReviewed, p.escalated].map(String)]));

  doc.moveDown().fontSize(12).text(t.decisions, left);
  doc.moveDown(0.3);
  const rw = [0.18, 0.16, 0.13, 0.09, 0.14, 0.11, 0.19].map((f) => f * width);
  table(t.rowCols, rw, rows.map((r) => [r.institution, `${r.person}\n${r.email}`, r.role, `${r.status}${r.escalated ? ' !' : ''}`, r.decidedBy, r.decidedAt, r.reason]));
  doc.end();
  return done;
}
