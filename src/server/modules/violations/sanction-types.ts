import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { PutSanctionTypes, SanctionEffect, SanctionTypeDto } from '../../../shared/violations.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn, Db } from '../../db/client.js';
import { sanctionTypes } from '../../db/schema/index.js';
import { ValidationError } from '../../errors.js';

type Row = typeof sanctionTypes.$inferSelect;

/** The sanctions P32-7 has in mind, from the mildest; the manager renames, adds and retires them. */
const SEED: { code: string; nameJa: string; nameEn: string; effect: SanctionEffect }[] = [
  { code: 'caution', nameJa: '注意', nameEn: 'Caution', effect: 'none' },
  { code: 'written_warning', nameJa: '文書による警告', nameEn: 'Written warning', effect: 'none' },
  { code: 'mandatory_retraining', nameJa: '再教育の受講', nameEn: 'Mandatory retraining', effect: 'none' },
  { code: 'account_suspension', nameJa: 'アカウントの停止', nameEn: 'Account suspension', effect: 'suspend_account' },
  { code: 'removal_from_research', nameJa: '研究活動からの除外', nameEn: 'Removal from research activities', effect: 'none' },
  { code: 'other', nameJa: 'その他', nameEn: 'Other', effect: 'none' },
];

/** Adds the seeded sanction types that are missing (idempotent; a renamed or retired one stays as the manager left it). */
export async function seedSanctionTypes(db: Db): Promise<void> {
  await db
    .insert(sanctionTypes)
    .values(SEED.map((s, i) => ({ ...s, seeded: true, sortOrder: (i + 1) * 10 })))
    .onConflictDoNothing({ target: sanctionTypes.code });
}

export const sanctionTypeDto = (r: Row): SanctionTypeDto => ({
  id: r.id,
  code: r.code,
  nameJa: r.nameJa,
  nameEn: r.nameEn,
  effect: r.effect as SanctionEffect,
  seeded: r.seeded,
  retired: r.retiredAt !== null,
  sortOrder: r.sortOrder,
});

/** The configurable sanction list (P32-7), kept by the manager. */
export class SanctionTypesService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor): Promise<SanctionTypeDto[]> {
    await this.ctx.authz.require(actor, 'violation.manage');
    return (await this.rows(this.ctx.db)).map(sanctionTypeDto);
  }

  /**
   * Applies the list as sent: entries with an id are renamed, reordered, retired or brought back;
   * entries without one are added. An entry left out is kept unchanged. At least one must stay in use.
   */
  async put(actor: Actor, input: PutSanctionTypes): Promise<SanctionTypeDto[]> {
    await this.ctx.authz.require(actor, 'violation.manage');
    await this.ctx.db.transaction(async (tx) => {
      const before = await this.rows(tx, true);
      const byId = new Map(before.map((r) => [r.id, r]));
      const problems = input.items.flatMap((it, i) => (it.id && !byId.has(it.id) ? [{ path: `items.${i}.id`, message: 'does not exist' }] : []));
      const ids = input.items.map((it) => it.id).filter(Boolean);
      if (new Set(ids).size !== ids.length) problems.push({ path: 'items', message: 'an entry appears twice' });
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const sent = new Set(ids);
      const activeAfter = input.items.filter((it) => !it.retired).length + before.filter((r) => !sent.has(r.id) && !r.retiredAt).length;
      if (activeAfter === 0) throw new ValidationError('Keep at least one sanction in use.', [{ path: 'items', message: 'at least one must stay in use' }]);
      const now = this.ctx.clock.now();
      const changes: Record<string, unknown>[] = [];
      for (const [i, it] of input.items.entries()) {
        const sortOrder = (i + 1) * 10;
        const retiredAt = it.retired ? now : null;
        if (it.id) {
          const r = byId.get(it.id)!;
          // The effect of a seeded entry is what it means (account suspension suspends); only added ones choose theirs.
          const effect = r.seeded ? r.effect : (it.effect ?? r.effect);
          const changed = r.nameJa !== it.nameJa || r.nameEn !== it.nameEn || r.sortOrder !== sortOrder || !!r.retiredAt !== it.retired || r.effect !== effect;
          if (!changed) continue;
          await tx
            .update(sanctionTypes)
            .set({ nameJa: it.nameJa, nameEn: it.nameEn, sortOrder, effect, retiredAt: !!r.retiredAt === it.retired ? r.retiredAt : retiredAt, updatedAt: now })
            .where(eq(sanctionTypes.id, it.id));
          changes.push({ id: r.id, code: r.code, before: { nameJa: r.nameJa, nameEn: r.nameEn, retired: !!r.retiredAt, effect: r.effect }, after: { nameJa: it.nameJa, nameEn: it.nameEn, retired: it.retired, effect } });
        } else {
          const code = `custom-${randomBytes(4).toString('hex')}`;
          const [row] = await tx
            .insert(sanctionTypes)
            .values({ code, nameJa: it.nameJa, nameEn: it.nameEn, effect: it.effect ?? 'none', sortOrder, retiredAt, createdAt: now, updatedAt: now })
            .returning();
          changes.push({ id: row!.id, code, added: { nameJa: it.nameJa, nameEn: it.nameEn, effect: row!.effect } });
        }
      }
      if (changes.length) await appendAudit(tx, this.ctx.clock, actor, { action: 'sanction_types.changed', targetType: 'sanction_types', targetId: null, details: { changes } });
    });
    return (await this.rows(this.ctx.db)).map(sanctionTypeDto);
  }

  /** A sanction type the manager may choose now (400 otherwise). */
  async usable(conn: Conn, id: string): Promise<Row> {
    const [r] = await conn.select().from(sanctionTypes).where(eq(sanctionTypes.id, id));
    if (!r || r.retiredAt) throw new ValidationError('Some fields are invalid.', [{ path: 'sanctionTypeId', message: r ? 'is no longer in use' : 'does not exist' }]);
    return r;
  }

  private rows(conn: Conn, lock = false): Promise<Row[]> {
    const q = conn.select().from(sanctionTypes).orderBy(asc(sanctionTypes.sortOrder), asc(sanctionTypes.code));
    return lock ? q.for('update') : q;
  }
}

