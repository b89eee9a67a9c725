import type { FastifyReply } from 'fastify';
import { coverageApi as c } from '../../../shared/api/coverage.js';
import type { AppContext } from '../../context.js';
import { sendTable } from '../../export/table-export.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import type { CoverageFile } from './coverage.export.js';
import { CoverageService } from './coverage.service.js';
import { myTasks } from './my-tasks.service.js';

/** Sends an export: a written PDF, or a table streamed as CSV or XLSX. */
function sendFile(reply: FastifyReply, f: CoverageFile): FastifyReply {
  if (f.kind === 'table') return sendTable(reply, f.table);
  return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').send(f.body);
}

/**
 * Coverage of acknowledgments and training (P32-6): the summary per current item, breakdowns,
 * the drill-down to names, exports, the yearly education report, and each person's "my tasks".
 */
export function registerCoverageRoutes(app: App, ctx: AppContext): void {
  const svc = new CoverageService(ctx);

  route(app, c.myTasks, async (req) => myTasks(ctx, req.actor));

  route(app, c.summary, async (req) => svc.summary(req.actor));
  route(app, c.breakdown, async (req) => svc.breakdown(req.actor, req.query.item, req.query.by));
  route(app, c.people, async (req) => svc.people(req.actor, req.query));

  route(app, c.export, async (req, reply) => sendFile(reply, await svc.exportFile(req.actor, req.query)));
  route(app, c.educationReport, async (req, reply) => sendFile(reply, await svc.educationReport(req.actor, req.query)));
}
