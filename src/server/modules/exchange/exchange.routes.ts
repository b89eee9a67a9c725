import { TransferDto } from '../../../shared/exchange.js';
import { exchangeApi as e } from '../../../shared/api/exchange.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { custody } from './custody.js';
import { exchangeOf } from './exchange.module.js';
import { searchDirectory } from './recipients.js';
import { sendVaultFile } from './vault/vault.js';

/**
 * The secure exchange's transfer routes (issue 7, P32-2.1.2): transfers, the tripwire's waivers
 * and exceptions, second approval, downloads, chain of custody, retention holds, tripwire rules;
 * and the jobs that finish interrupted scans and expire and purge transfers.
 */
export function registerExchangeRoutes(app: App, ctx: AppContext): void {
  const x = exchangeOf(ctx);

  route(app, e.options, async (req) => x.settings.sendOptions(req.actor));
  route(app, e.directory, async (req) => {
    await ctx.authz.require(req.actor, 'exchange.send');
    return searchDirectory(ctx.db, req.actor, req.query.q);
  });

  // ---- transfers --------------------------------------------------------------------------------
  route(app, e.list, async (req) => x.transfers.list(req.actor, req.query));
  route(app, e.create, async (req) => x.drafts.create(req.actor, req.body));
  route(app, e.get, async (req) => x.transfers.get(req.actor, req.params.id));
  route(app, e.update, async (req) => x.drafts.update(req.actor, req.params.id, req.body));
  route(app, e.attach, async (req) => x.drafts.attach(req.actor, req.params.id, req.body.uploadId));
  route(app, e.removeFile, async (req) => x.drafts.removeFile(req.actor, req.params.id, req.params.fileId));
  // 200 when the transfer is settled at once, 202 while its files are scanned.
  route(
    app,
    e.release,
    async (req, reply) => {
      const r = await x.release.release(req.actor, req.params.id, req.body ?? {});
      reply.code(r.status);
      return r.transfer;
    },
    { alsoResponds: { 202: TransferDto } },
  );
  route(app, e.withdraw, async (req) => x.delivery.withdraw(req.actor, req.params.id, req.body.reason));
  route(app, e.waive, async (req) => x.review.waive(req.actor, req.params.id, req.body));
  route(app, e.requestException, async (req) => x.review.requestException(req.actor, req.params.id, req.body.reason));
  route(app, e.decideApproval, async (req) => x.delivery.decideApproval(req.actor, req.params.id, req.body.decision, req.body.reason));
  route(app, e.custody, async (req) => custody(ctx, x.transfers, req.actor, req.params.id));
  // A HEAD would record a download without one: only GET.
  route(
    app,
    e.content,
    async (req, reply) => {
      const d = await x.delivery.download(req.actor, req.params.id, req.params.fileId);
      return sendVaultFile(x.vault, req, reply, d.file, {
        completed: (sent) => x.delivery.recordDownload(req.actor, d, sent),
        failed: (reason, sent) => x.delivery.recordDownloadFailed(req.actor, d, reason, sent),
      });
    },
    { exposeHeadRoute: false },
  );

  // ---- queues: second approval, the data center's exceptions and waivers -----------------------
  route(app, e.approvals, async (req) => x.transfers.approvalQueue(req.actor));
  route(app, e.exceptions, async (req) => x.review.exceptionQueue(req.actor, req.query));
  route(app, e.decideException, async (req) => x.review.decideException(req.actor, req.params.id, req.body));
  route(app, e.waivers, async (req) => x.review.waivers(req.actor, req.query));

  // ---- retention holds and tripwire rules (the data center) -----------------------------------
  route(app, e.holds, async (req) => x.retention.listHolds(req.actor, req.query.active));
  route(app, e.setHold, async (req) => x.retention.setHold(req.actor, req.body));
  route(app, e.releaseHold, async (req) => x.retention.releaseHold(req.actor, req.params.id, req.body.reason));
  route(app, e.settings, async (req) => x.settings.get(req.actor));
  route(app, e.updateSettings, async (req) => x.settings.update(req.actor, req.body));
}
