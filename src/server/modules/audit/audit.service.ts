import type { AuditPage, ListAuditQuery, VerifyResultDto } from '../../../shared/audit.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit, listAudit, verifyAudit } from '../../audit/audit.service.js';
import { basename } from 'node:path';
import { createCheckpoint, type CheckpointFile } from '../../audit/checkpoint.js';
import { latestWitness } from '../../audit/witness.js';

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
    // Against the newest witnessed checkpoint too: only it shows removed newest entries or a rewritten chain.
    const w = latestWitness(this.ctx.config, this.ctx.secrets.auditPublicKey);
    const genuine = w?.checkpoint && !w.problem ? w.checkpoint : undefined;
    const r = await verifyAudit(this.ctx.db, { checkpoint: genuine });
    const witness = w
      ? { seq: w.checkpoint?.seq ?? null, createdAt: w.checkpoint?.createdAt ?? null, file: basename(w.path), matches: !!genuine && r.ok, problem: w.problem }
      : null;
    const ok = r.ok && (witness === null || witness.matches);
    await this.ctx.db.transaction((tx) =>
      appendAudit(tx, this.ctx.clock, actor, { action: 'audit.verified', details: { ok, checked: r.checked, firstBadSeq: r.firstBadSeq, witnessSeq: witness?.seq ?? null } }),
    );
    return { ok, checked: r.checked, lastSeq: r.lastSeq, firstBadSeq: r.firstBadSeq, reason: r.reason ?? witness?.problem ?? null, witness };
  }

  async checkpoint(actor: Actor): Promise<CheckpointFile> {
    await this.ctx.authz.require(actor, 'audit.verify');
    return this.ctx.db.transaction(async (tx) => {
      await appendAudit(tx, this.ctx.clock, actor, { action: 'audit.checkpoint_created' });
      return createCheckpoint(tx, this.ctx.secrets.auditSigningKey, this.ctx.clock.now());
    });
  }
}
