import type { AuditPage, ListAuditQuery, VerifyResultDto } from '../../../shared/audit.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit, listAudit, verifyAudit } from '../../audit/audit.service.js';
import { createCheckpoint, type CheckpointFile } from '../../audit/checkpoint.js';

/** The audit viewer's service: every method checks authorization first, and is itself audited. */
export class AuditService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, q: ListAuditQuery): Promise<AuditPage> {
    await this.ctx.authz.require(actor, 'audit.read');
    const page = (await listAudit(this.ctx.db, q)) as AuditPage;
    await this.ctx.db.transaction((tx) =>
      appendAudit(tx, this.ctx.clock, actor, { action: 'audit.viewed', details: { filters: { ...q } } }),
    );
    return page;
  }

  async verify(actor: Actor): Promise<VerifyResultDto> {
    await this.ctx.authz.require(actor, 'audit.verify');
    const r = await verifyAudit(this.ctx.db);
    await this.ctx.db.transaction((tx) =>
      appendAudit(tx, this.ctx.clock, actor, { action: 'audit.verified', details: { ok: r.ok, checked: r.checked, firstBadSeq: r.firstBadSeq } }),
    );
    return { ok: r.ok, checked: r.checked, lastSeq: r.lastSeq, firstBadSeq: r.firstBadSeq, reason: r.reason };
  }

  async checkpoint(actor: Actor): Promise<CheckpointFile> {
    await this.ctx.authz.require(actor, 'audit.verify');
    return this.ctx.db.transaction(async (tx) => {
      await appendAudit(tx, this.ctx.clock, actor, { action: 'audit.checkpoint_created' });
      return createCheckpoint(tx, this.ctx.secrets.auditSigningKey, this.ctx.clock.now());
    });
  }
}
