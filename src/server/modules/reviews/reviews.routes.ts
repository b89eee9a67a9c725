import { reviewsApi } from '../../../shared/api/reviews.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { reportCsv, reportPdf, reportRows } from './reviews.report.js';
import { ReviewsService } from './reviews.service.js';
import { contentDisposition } from '../../files/content-disposition.js';

/** Access reviews: campaigns, review items, decisions, the result report, and the deadline job. */
export function registerReviewRoutes(app: App, ctx: AppContext): void {
  const svc = new ReviewsService(ctx);

  const r = reviewsApi;
  route(app, r.list, async (req) => ({ items: await svc.list(req.actor) }));
  route(app, r.start, async (req) => svc.start(req.actor, req.body));
  route(app, r.tasks, async (req) => svc.tasks(req.actor, req.query));
  route(app, r.get, async (req) => svc.get(req.actor, req.params.id));
  route(app, r.close, async (req) => svc.close(req.actor, req.params.id));
  route(app, r.items, async (req) => svc.items(req.actor, req.params.id, req.query));
  route(app, r.decide, async (req) => svc.decide(req.actor, req.params.id, req.body));
  route(app, r.bulkConfirm, async (req) => svc.bulkConfirm(req.actor, req.body));

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
  route(app, r.reportCsv, async (req, reply) => {
    const r = await report(req.actor, req.params.id, 'csv', req.query.lang);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition(r.utf8Name, 'attachment', r.safeName)).header('cache-control', 'no-store').send(r.body);
  });
  route(app, r.reportPdf, async (req, reply) => {
    const r = await report(req.actor, req.params.id, 'pdf', req.query.lang);
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(r.utf8Name, 'attachment', r.safeName)).header('cache-control', 'no-store').send(r.body);
  });
}
