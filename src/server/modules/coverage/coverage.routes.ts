import { BreakdownQuery, CoverageBreakdown, CoverageExportQuery, CoveragePeoplePage, CoveragePeopleQuery, CoverageSummary, EducationReportQuery, MyTaskList } from '../../../shared/coverage.js';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../files/content-disposition.js';
import { sendTable, type TableColumn } from '../../export/table-export.js';
import type { App } from '../../http.js';
import { tokyo } from '../controls/soa.words.js';
import { tokyoToday } from '../../calendar.js';
import { coveragePdf, coveragePeoplePdf, educationReportPdf } from './coverage.report.js';
import { CoverageService } from './coverage.service.js';
import { COVERAGE_WORDS, REPORT_WORDS } from './coverage.words.js';
import { educationReportData } from './education-report.js';
import { myTasks } from './my-tasks.service.js';

const PDF = 'application/pdf';

/**
 * Coverage of acknowledgments and training (P32-6): the summary per current item, breakdowns,
 * the drill-down to names, exports, the yearly education report, and each person's "my tasks".
 */
export function registerCoverageRoutes(app: App, ctx: AppContext): void {
  const svc = new CoverageService(ctx);
  const tags = ['coverage'];

  app.get('/api/my-tasks', { schema: { tags, response: { 200: MyTaskList } } }, async (req) => myTasks(ctx, req.actor));

  app.get('/api/coverage', { schema: { tags, response: { 200: CoverageSummary } } }, async (req) => svc.summary(req.actor));
  app.get('/api/coverage/breakdown', { schema: { tags, querystring: BreakdownQuery, response: { 200: CoverageBreakdown } } }, async (req) => svc.breakdown(req.actor, req.query.item, req.query.by));
  app.get('/api/coverage/people', { schema: { tags, querystring: CoveragePeopleQuery, response: { 200: CoveragePeoplePage } } }, async (req) => svc.people(req.actor, req.query));

  app.get('/api/coverage/export', { schema: { tags, querystring: CoverageExportQuery, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', PDF] } }, async (req, reply) => {
    const q = req.query;
    const w = COVERAGE_WORDS[q.lang];
    const title = (i: { titleJa: string; titleEn: string }) => (q.lang === 'ja' ? i.titleJa || i.titleEn : i.titleEn || i.titleJa);

    if (q.by === 'people') {
      const { item, people, now } = await svc.exportPeople(req.actor, q.item);
      const fileName = `${w.fileName}-${item.code}-${w.by.people}-${tokyo(now).slice(0, 10)}`;
      if (q.format === 'pdf') {
        const body = await coveragePeoplePdf({ item, people, lang: q.lang, now });
        await svc.audited(req.actor, 'coverage.exported', { item: q.item, by: q.by, format: q.format, lang: q.lang, rows: people.length }, body);
        return reply.header('content-type', PDF).header('content-disposition', contentDisposition(`${fileName}.pdf`)).header('cache-control', 'no-store').send(body);
      }
      await svc.audited(req.actor, 'coverage.exported', { item: q.item, by: q.by, format: q.format, lang: q.lang, rows: people.length });
      const c = w.peopleCols;
      const columns: TableColumn[] = [
        { key: 'name', header: c.name, value: (r) => (q.lang === 'ja' ? r.nameJa : r.nameEn) },
        { key: 'email', header: c.email, type: 'text' },
        { key: 'institutions', header: c.institutions, value: (r) => (r.institutions as { nameJa: string; nameEn: string }[]).map((i) => (q.lang === 'ja' ? i.nameJa : i.nameEn)).join(q.lang === 'ja' ? '、' : ', ') },
        { key: 'status', header: c.status, value: (r) => w.status[r.status as 'done'] },
        { key: 'dueOn', header: c.dueOn, type: 'date' },
        { key: 'doneAt', header: c.doneAt, type: 'datetime', value: (r) => (r.doneAt ? new Date(r.doneAt as string) : null) },
      ];
      return sendTable(reply, { fileName, format: q.format, columns, rows: people as unknown as Record<string, unknown>[], sheetName: item.code });
    }

    const data = await svc.exportData(req.actor, { item: q.item, by: q.by });
    const by = q.by;
    const fileName = `${w.fileName}-${data.item.code}-${w.by[by]}-${data.today}`;
    const scopeNames = data.scopeNames?.map((n) => (q.lang === 'ja' ? n.nameJa : n.nameEn)) ?? null;
    if (q.format === 'pdf') {
      const body = await coveragePdf({ item: data.item, by, rows: data.rows, lang: q.lang, now: data.now, scopeNames });
      await svc.audited(req.actor, 'coverage.exported', { item: q.item, by, format: q.format, lang: q.lang, rows: data.rows.length }, body);
      return reply.header('content-type', PDF).header('content-disposition', contentDisposition(`${fileName}.pdf`)).header('cache-control', 'no-store').send(body);
    }
    await svc.audited(req.actor, 'coverage.exported', { item: q.item, by, format: q.format, lang: q.lang, rows: data.rows.length });
    const [assigned, done, pending, overdue, percentage] = w.cols;
    const rows = [
      { name: `${w.total}: ${data.item.code} ${title(data.item)}`, code: '', ...data.item.counts },
      ...data.rows.map((r) => ({ name: r.id === null ? w.none : q.lang === 'ja' ? r.nameJa : r.nameEn, code: r.code, ...r.counts })),
    ];
    const columns: TableColumn[] = [
      { key: 'name', header: w.group[by] },
      { key: 'code', header: q.lang === 'ja' ? 'コード' : 'Code', type: 'text' },
      { key: 'assigned', header: assigned!, type: 'number' },
      { key: 'done', header: done!, type: 'number' },
      { key: 'pending', header: pending!, type: 'number' },
      { key: 'overdue', header: overdue!, type: 'number' },
      { key: 'percentage', header: `${percentage!} (%)`, type: 'number' },
    ];
    return sendTable(reply, { fileName, format: q.format, columns, rows, sheetName: data.item.code });
  });

  app.get('/api/education-report', { schema: { tags, querystring: EducationReportQuery, produces: [PDF] } }, async (req, reply) => {
    await ctx.authz.require(req.actor, 'education_report.export');
    const { fy, lang } = req.query;
    const now = ctx.clock.now();
    const data = await educationReportData(ctx.db, fy, tokyoToday(now));
    const body = await educationReportPdf(data, lang, now);
    await svc.audited(req.actor, 'education_report.exported', { fy, lang, items: data.items.length }, body);
    return reply.header('content-type', PDF).header('content-disposition', contentDisposition(`${REPORT_WORDS[lang].fileName(fy)}.pdf`)).header('cache-control', 'no-store').send(body);
  });
}
