import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  ApprovalQueue,
  AttachFile,
  CreateTransfer,
  CustodyList,
  Decision,
  DirectoryQuery,
  DirectoryResult,
  EXPIRY_DEFAULT_DAYS,
  EXPIRY_MAX_DAYS,
  ExceptionQueue,
  ExceptionQueueQuery,
  ExchangeOptions,
  ExchangeSettingsDto,
  HoldDto,
  HoldList,
  HoldListQuery,
  ListTransfersQuery,
  OptionalReason,
  Reason,
  ReleaseTransfer,
  SetHold,
  TransferDto,
  TransferPage,
  UpdateExchangeSettings,
  UpdateTransfer,
  WaiveColumn,
  WaiverList,
  WaiverListQuery,
} from '../../../shared/exchange.js';
import type { AppContext } from '../../context.js';
import { studies } from '../../db/schema/index.js';
import type { App } from '../../http.js';
import { custody } from './custody.js';
import { exchangeOf } from './exchange.module.js';
import { searchDirectory } from './recipients.js';
import { sendVaultFile } from './vault/vault.js';

const IdParam = z.object({ id: z.uuid() });
const FileParam = z.object({ id: z.uuid(), fileId: z.uuid() });


/**
 * The secure exchange's transfer routes (issue 7, P32-2.1.2): transfers, the tripwire's waivers
 * and exceptions, second approval, downloads, chain of custody, retention holds, tripwire rules;
 * and the jobs that finish interrupted scans and expire and purge transfers.
 */
export function registerExchangeRoutes(app: App, ctx: AppContext): void {
  const x = exchangeOf(ctx);
  const tags = ['exchange'];

  app.get('/api/exchange/options', { schema: { tags, response: { 200: ExchangeOptions } } }, async (req) => {
    await ctx.authz.require(req.actor, 'exchange.send');
    const rows = await ctx.db.select({ id: studies.id, code: studies.code, titleJa: studies.titleJa, titleEn: studies.titleEn }).from(studies).where(and(eq(studies.active, true))).orderBy(asc(studies.code));
    const s = await x.settings.current();
    return { studies: rows, expiryDefaultDays: EXPIRY_DEFAULT_DAYS, expiryMaxDays: EXPIRY_MAX_DAYS, specialCareApproval: s.specialCareApproval, maxBytes: ctx.config.exchange.maxBytes };
  });
  app.get('/api/exchange/directory', { schema: { tags, querystring: DirectoryQuery, response: { 200: DirectoryResult } } }, async (req) => {
    await ctx.authz.require(req.actor, 'exchange.send');
    return searchDirectory(ctx.db, req.actor, req.query.q);
  });

  // ---- transfers --------------------------------------------------------------------------------
  app.get('/api/exchange/transfers', { schema: { tags, querystring: ListTransfersQuery, response: { 200: TransferPage } } }, async (req) => x.transfers.list(req.actor, req.query));
  app.post('/api/exchange/transfers', { schema: { tags, body: CreateTransfer, response: { 201: TransferDto } } }, async (req, reply) => reply.code(201).send(await x.transfers.create(req.actor, req.body)));
  app.get('/api/exchange/transfers/:id', { schema: { tags, params: IdParam, response: { 200: TransferDto } } }, async (req) => x.transfers.get(req.actor, req.params.id));
  app.patch('/api/exchange/transfers/:id', { schema: { tags, params: IdParam, body: UpdateTransfer, response: { 200: TransferDto } } }, async (req) => x.transfers.update(req.actor, req.params.id, req.body));
  app.post('/api/exchange/transfers/:id/files', { schema: { tags, params: IdParam, body: AttachFile, response: { 201: TransferDto } } }, async (req, reply) =>
    reply.code(201).send(await x.transfers.attach(req.actor, req.params.id, req.body.uploadId)),
  );
  app.delete('/api/exchange/transfers/:id/files/:fileId', { schema: { tags, params: FileParam, response: { 200: TransferDto } } }, async (req) => x.transfers.removeFile(req.actor, req.params.id, req.params.fileId));
  app.post('/api/exchange/transfers/:id/release', { schema: { tags, params: IdParam, body: ReleaseTransfer.nullish(), response: { 200: TransferDto, 202: TransferDto } } }, async (req, reply) => {
    const r = await x.transfers.release(req.actor, req.params.id, req.body ?? {});
    return reply.code(r.status).send(r.transfer);
  });
  app.post('/api/exchange/transfers/:id/withdraw', { schema: { tags, params: IdParam, body: OptionalReason, response: { 200: TransferDto } } }, async (req) => x.transfers.withdraw(req.actor, req.params.id, req.body.reason));
  app.post('/api/exchange/transfers/:id/waivers', { schema: { tags, params: IdParam, body: WaiveColumn, response: { 200: TransferDto } } }, async (req) => x.review.waive(req.actor, req.params.id, req.body));
  app.post('/api/exchange/transfers/:id/exception-requests', { schema: { tags, params: IdParam, body: Reason, response: { 200: TransferDto } } }, async (req) =>
    x.review.requestException(req.actor, req.params.id, req.body.reason),
  );
  app.post('/api/exchange/transfers/:id/approval', { schema: { tags, params: IdParam, body: Decision, response: { 200: TransferDto } } }, async (req) =>
    x.transfers.decideApproval(req.actor, req.params.id, req.body.decision, req.body.reason),
  );
  app.get('/api/exchange/transfers/:id/custody', { schema: { tags, params: IdParam, response: { 200: CustodyList } } }, async (req) => custody(ctx, x.transfers, req.actor, req.params.id));
  // A HEAD would record a download without one: only GET.
  app.get('/api/exchange/transfers/:id/files/:fileId/content', { exposeHeadRoute: false, schema: { tags, params: FileParam, produces: ['application/octet-stream'] } }, async (req, reply) => {
    const d = await x.transfers.download(req.actor, req.params.id, req.params.fileId);
    return sendVaultFile(x.vault, req, reply, d.file, {
      completed: (sent) => x.transfers.recordDownload(req.actor, d, sent),
      failed: (reason, sent) => x.transfers.recordDownloadFailed(req.actor, d, reason, sent),
    });
  });

  // ---- queues: second approval, the data center's exceptions and waivers -----------------------
  app.get('/api/exchange/approvals', { schema: { tags, response: { 200: ApprovalQueue } } }, async (req) => x.transfers.approvalQueue(req.actor));
  app.get('/api/exchange/exceptions', { schema: { tags, querystring: ExceptionQueueQuery, response: { 200: ExceptionQueue } } }, async (req) => x.review.exceptionQueue(req.actor, req.query));
  app.post('/api/exchange/exceptions/:id/decision', { schema: { tags, params: IdParam, body: Decision, response: { 200: TransferDto } } }, async (req) => x.review.decideException(req.actor, req.params.id, req.body));
  app.get('/api/exchange/waivers', { schema: { tags, querystring: WaiverListQuery, response: { 200: WaiverList } } }, async (req) => x.review.waivers(req.actor, req.query));

  // ---- retention holds and tripwire rules (the data center) -----------------------------------
  app.get('/api/exchange/holds', { schema: { tags, querystring: HoldListQuery, response: { 200: HoldList } } }, async (req) => x.retention.listHolds(req.actor, req.query.active));
  app.post('/api/exchange/holds', { schema: { tags, body: SetHold, response: { 201: HoldDto } } }, async (req, reply) => reply.code(201).send(await x.retention.setHold(req.actor, req.body)));
  app.post('/api/exchange/holds/:id/release', { schema: { tags, params: IdParam, body: Reason, response: { 200: HoldDto } } }, async (req) => x.retention.releaseHold(req.actor, req.params.id, req.body.reason));
  app.get('/api/exchange/settings', { schema: { tags, response: { 200: ExchangeSettingsDto } } }, async (req) => x.settings.get(req.actor));
  app.put('/api/exchange/settings', { schema: { tags, body: UpdateExchangeSettings, response: { 200: ExchangeSettingsDto } } }, async (req) => x.settings.update(req.actor, req.body));
}
