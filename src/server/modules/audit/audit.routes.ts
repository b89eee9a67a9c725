import { auditApi as a } from '../../../shared/api/audit.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { AuditService } from './audit.service.js';
import { CheckpointFile } from '../../audit/checkpoint.js';
import { contentDisposition } from '../../files/content-disposition.js';

/** The audit viewer, chain verification and signed checkpoints. */
export function registerAuditRoutes(app: App, ctx: AppContext): void {
  const audit = new AuditService(ctx);
  route(app, a.list, async (req) => audit.list(req.actor, req.query));
  route(app, a.verify, async (req) => audit.verify(req.actor));
  // A file to the browser, serialized by its server-side schema as before.
  route(
    app,
    a.checkpoint,
    async (req, reply) => {
      const cp = await audit.checkpoint(req.actor);
      return reply.header('content-disposition', contentDisposition(`mamori-audit-checkpoint-${cp.seq}.json`)).send(cp);
    },
    { alsoResponds: { 200: CheckpointFile } },
  );
}
