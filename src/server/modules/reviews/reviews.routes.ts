import { z } from 'zod';
import { BulkConfirm, CampaignDto, CampaignList, DecideItem, ListItemsQuery, ReportQuery, ReviewItemDto, ReviewItemPage, StartCampaign } from '../../../shared/reviews.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { reportCsv, reportPdf, reportRows } from './reviews.report.js';
import { ReviewsService } from './reviews.service.js';
import { contentDisposition } from '../../files/content-disposition.js';

const IdParam = z.object({ id: z.uuid() });

/** Access reviews: campaigns, review items, decisions, the result report, and the deadline job. */
export function registerReviewRoutes(app: App, ctx: AppContext): void {
  const svc = new ReviewsService(ctx);
  const tags = ['access reviews'];

  app.get('/api/access-reviews', { schema: { tags, response: { 200: CampaignList } } }, async (req) => ({ items: await svc.list(req.actor) }));
  app.post('/api/access-reviews', { schema: { tags, body: StartCampaign, response: { 201: CampaignDto } } }, async (req, reply) => reply.code(201).send(await svc.start(req.actor, req.body)));
  app.get('/api/access-reviews/tasks', { schema: { tags, querystring: ListItemsQuery, response: { 200: ReviewItemPage } } }, async (req) => svc.tasks(req.actor, req.query));
  app.get('/api/access-reviews/:id', { schema: { tags, params: IdParam, response: { 200: CampaignDto } } }, async (req) => svc.get(req.actor, req.params.id));
  app.post('/api/access-reviews/:id/close', { schema: { tags, params: IdParam, response: { 200: CampaignDto } } }, async (req) => svc.close(req.actor, req.params.id));
  app.get('/api/access-reviews/:id/items', { schema: { tags, params: IdParam, querystring: ListItemsQuery, response: { 200: ReviewItemPage } } }, async (req) => svc.items(req.actor, req.params.id, req.query));
  app.post('/api/access-reviews/items/:id/decision', { schema: { tags, params: IdParam, body: DecideItem, response: { 200: ReviewItemDto } } }, async (req) => svc.decide(req.actor, req.params.id, req.body));
  app.post('/api/access-reviews/items/bulk-confirm', { schema: { tags, body: BulkConfirm, response: { 200: z.object({ confirmed: z.number().int(), skipped: z.number().int() }) } } }, async (req) =>
    svc.bulkConfirm(req.actor, req.body),
  );

  /** The result report (evidence for auditors): reading it is audited. */
  const report = async (actor: Actor, id: string, format: 'csv' | 'pdf', lang: 'ja' | 'en') => {
    await ctx.authz.require(actor, 'access_review.manage');
    const c = await svc.campaign(ctx.db, id);
    const rows = await reportRows(ctx.db, c, lang);
    const body = format === 'csv' ? reportCsv(c, rows, lang) : await reportPdf(c, (await svc.names([c.startedBy])).get(c.startedBy ?? '') ?? '', await svc.progress(ctx.db, id), rows, lang, ctx.clock.now());
    await ctx.db.transaction((tx) => appendAudit(tx, ctx.clock, actor, { action: 'access_review.exported', targetType: 'access_review', targetId: id, details: { format, lang, rows: rows.length } }));
    const safeName = `access-review-${c.dueDate}.${format}`;
    return { body, safeName, utf8Name: `${c.name}.${format}` };
  };
  app.get('/api/access-reviews/:id/report.csv', { schema: { tags, params: IdParam, querystring: ReportQuery, produces: ['text/csv'] } }, async (req, reply) => {
    const r = await report(req.actor, req.params.id, 'csv', req.query.lang);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition(r.utf8Name, 'attachment', r.safeName)).header('cache-control', 'no-store').send(r.body);
  });
  app.get('/api/access-reviews/:id/report.pdf', { schema: { tags, params: IdParam, querystring: ReportQuery, produces: ['application/pdf'] } }, async (req, reply) => {
    const r = await report(req.actor, req.params.id, 'pdf', req.query.lang);
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(r.utf8Name, 'attachment', r.safeName)).header('cache-control', 'no-store').send(r.body);
  });
}
