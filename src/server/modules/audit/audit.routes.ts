import { AuditPage, ListAuditQuery, VerifyResultDto } from '../../../shared/audit.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { AuditService } from './audit.service.js';
import { CheckpointFile } from '../../audit/checkpoint.js';
import { contentDisposition } from '../../files/content-disposition.js';

/** The audit viewer, chain verification and signed checkpoints. */
export function registerAuditRoutes(app: App, ctx: AppContext): void {
  const audit = new AuditService(ctx);
  app.get('/api/audit', { schema: { tags: ['audit'], querystring: ListAuditQuery, response: { 200: AuditPage } } }, async (req) => audit.list(req.actor, req.query));
  app.post('/api/audit/verify', { schema: { tags: ['audit'], response: { 200: VerifyResultDto } } }, async (req) => audit.verify(req.actor));
  app.post('/api/audit/checkpoints', { schema: { tags: ['audit'], response: { 200: CheckpointFile } } }, async (req, reply) => {
    const cp = await audit.checkpoint(req.actor);
    return reply.header('content-disposition', contentDisposition(`mamori-audit-checkpoint-${cp.seq}.json`)).send(cp);
  });
}
