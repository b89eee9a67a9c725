import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { LAW_KINDS, type AddLawRevision, type CreateLaw, type LawDto, type LawKind, type LawRef, type LawStatus, type LawSummaryDto, type ListLawsQuery, type UpdateLaw } from '../../../shared/laws.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { lawRevisions, laws } from '../../db/schema/index.js';
import { NotFoundError, ValidationError } from '../../errors.js';

export type LawRow = typeof laws.$inferSelect;

/** The columns a change records in the audit log (the summaries only as "changed"). */
const TRACKED = ['titleJa', 'titleEn', 'shortNameJa', 'shortNameEn', 'kind', 'issuerJa', 'issuerEn', 'referenceNumber', 'lastRevisedOn', 'verifiedOn', 'url', 'status', 'replacedById'] as const;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The laws and norms register (P32-1.3). Everyone signed in reads it; the manager and the data
 * center keep it. Entries are retired rather than deleted, so links from assets, controls and
 * incidents keep pointing somewhere.
 */
export class LawsService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, q: ListLawsQuery): Promise<LawSummaryDto[]> {
    await this.ctx.authz.require(actor, 'law.read');
    const words = (q.q ?? '').split(/\s+/u).filter(Boolean).slice(0, 8);
    const where = and(
      q.includeRetired ? undefined : isNull(laws.retiredAt),
      q.kind ? eq(laws.kind, q.kind) : undefined,
      q.status ? eq(laws.status, q.status) : undefined,
      q.unverifiedSince ? or(isNull(laws.verifiedOn), lt(laws.verifiedOn, q.unverifiedSince)) : undefined,
      ...words.map((w) => or(...[laws.titleJa, laws.titleEn, laws.shortNameJa, laws.shortNameEn, laws.referenceNumber, laws.summaryJa, laws.summaryEn].map((c) => ilike(c, like(w))))),
    );
    const kindOrder = sql.join(
      LAW_KINDS.map((k, i) => sql`when ${k} then ${i}`),
      sql` `,
    );
    const rows = await this.ctx.db
      .select()
      .from(laws)
      .where(where)
      .orderBy(sql`case when ${laws.status} = 'in_force' then 0 else 1 end`, sql`case ${laws.kind} ${kindOrder} else 99 end`, asc(laws.createdAt), asc(laws.id));
    return rows.map(summary);
  }

  async get(actor: Actor, id: string): Promise<LawDto> {
    await this.ctx.authz.require(actor, 'law.read');
    return this.load(this.ctx.db, id);
  }

  async create(actor: Actor, input: CreateLaw): Promise<LawDto> {
    await this.ctx.authz.require(actor, 'law.manage');
    const id = await this.ctx.db.transaction(async (tx) => {
      if (input.replacedById) await this.row(tx, input.replacedById, 'replacedById');
      const [row] = await tx
        .insert(laws)
        .values({ ...nullable(input), kind: input.kind, status: input.status, titleJa: input.titleJa, titleEn: input.titleEn, updatedBy: actor.personId, createdAt: this.ctx.clock.now(), updatedAt: this.ctx.clock.now() })
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, { action: 'law.created', targetType: 'law', targetId: row!.id, details: { titleJa: row!.titleJa, titleEn: row!.titleEn, kind: row!.kind } });
      return row!.id;
    });
    return this.load(this.ctx.db, id);
  }

  async update(actor: Actor, id: string, input: UpdateLaw): Promise<LawDto> {
    await this.ctx.authz.require(actor, 'law.manage');
    await this.ctx.db.transaction(async (tx) => {
      const before = await this.row(tx, id, undefined, true);
      if (input.replacedById) {
        if (input.replacedById === id) throw new ValidationError('Some fields are invalid.', [{ path: 'replacedById', message: 'cannot replace itself' }]);
        await this.row(tx, input.replacedById, 'replacedById');
      }
      const { retired, ...fields } = input;
      const set: Partial<typeof laws.$inferInsert> = { ...definedOnly(fields), updatedAt: this.ctx.clock.now(), updatedBy: actor.personId };
      if (retired !== undefined) set.retiredAt = retired ? (before.retiredAt ?? this.ctx.clock.now()) : null;
      const [after] = await tx.update(laws).set(set).where(eq(laws.id, id)).returning();
      const changes: { field: string; before: unknown; after: unknown }[] = TRACKED.flatMap((k) => (before[k] !== after![k] ? [{ field: k, before: before[k], after: after![k] }] : []));
      for (const k of ['summaryJa', 'summaryEn'] as const) if (before[k] !== after![k]) changes.push({ field: k, before: '…', after: '…' });
      const retiring = retired === true && !before.retiredAt;
      if (retired === false && before.retiredAt) changes.push({ field: 'retired', before: true, after: false });
      if (retiring) await appendAudit(tx, this.ctx.clock, actor, { action: 'law.retired', targetType: 'law', targetId: id, details: { titleJa: before.titleJa, titleEn: before.titleEn } });
      if (changes.length) await appendAudit(tx, this.ctx.clock, actor, { action: 'law.updated', targetType: 'law', targetId: id, details: { changes } });
    });
    return this.load(this.ctx.db, id);
  }

  async addRevision(actor: Actor, id: string, input: AddLawRevision): Promise<LawDto> {
    await this.ctx.authz.require(actor, 'law.manage');
    await this.ctx.db.transaction(async (tx) => {
      const law = await this.row(tx, id, undefined, true);
      const [rev] = await tx
        .insert(lawRevisions)
        .values({ lawId: id, revisedOn: input.revisedOn, noteJa: input.noteJa ?? null, noteEn: input.noteEn ?? null, createdBy: actor.personId, createdAt: this.ctx.clock.now() })
        .returning();
      // The latest revision date follows the history when this one is newer (dates compare as text: 2024 < 2024-10 < 2024-10-19).
      if (!law.lastRevisedOn || input.revisedOn > law.lastRevisedOn) await tx.update(laws).set({ lastRevisedOn: input.revisedOn, updatedAt: this.ctx.clock.now(), updatedBy: actor.personId }).where(eq(laws.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'law.revision_added', targetType: 'law', targetId: id, details: { revisionId: rev!.id, revisedOn: input.revisedOn, noteJa: input.noteJa ?? null, noteEn: input.noteEn ?? null } });
    });
    return this.load(this.ctx.db, id);
  }

  async removeRevision(actor: Actor, id: string, revisionId: string): Promise<LawDto> {
    await this.ctx.authz.require(actor, 'law.manage');
    await this.ctx.db.transaction(async (tx) => {
      await this.row(tx, id, undefined, true);
      const [gone] = await tx.delete(lawRevisions).where(and(eq(lawRevisions.id, revisionId), eq(lawRevisions.lawId, id))).returning();
      if (!gone) throw new NotFoundError('Revision');
      await appendAudit(tx, this.ctx.clock, actor, { action: 'law.revision_removed', targetType: 'law', targetId: id, details: { revisionId, revisedOn: gone.revisedOn, noteJa: gone.noteJa, noteEn: gone.noteEn } });
    });
    return this.load(this.ctx.db, id);
  }

  // ---- internals ------------------------------------------------------------------------------

  /** A law by id; 404, or a validation error on `path` when it is a reference in a form. */
  private async row(conn: Conn, id: string, path?: string, lock = false): Promise<LawRow> {
    const q = conn.select().from(laws).where(eq(laws.id, id));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) {
      if (path) throw new ValidationError('Some fields are invalid.', [{ path, message: 'does not exist' }]);
      throw new NotFoundError('Law');
    }
    return row;
  }

  async load(conn: Conn, id: string): Promise<LawDto> {
    const law = await this.row(conn, id);
    const [revisions, replaces, replacedBy] = await Promise.all([
      conn.select().from(lawRevisions).where(eq(lawRevisions.lawId, id)).orderBy(desc(lawRevisions.revisedOn), desc(lawRevisions.createdAt)),
      conn.select().from(laws).where(eq(laws.replacedById, id)).orderBy(asc(laws.createdAt)),
      law.replacedById ? conn.select().from(laws).where(eq(laws.id, law.replacedById)) : Promise.resolve([]),
    ]);
    return {
      ...summary(law),
      summaryJa: law.summaryJa,
      summaryEn: law.summaryEn,
      replacedBy: replacedBy[0] ? ref(replacedBy[0]) : null,
      replaces: replaces.map(ref),
      revisions: revisions.map((r) => ({ id: r.id, revisedOn: r.revisedOn, noteJa: r.noteJa, noteEn: r.noteEn, createdAt: r.createdAt.toISOString() })),
      createdAt: law.createdAt.toISOString(),
    };
  }

  /** Short references for ids (other modules show linked laws with it). */
  async refs(conn: Conn, ids: string[]): Promise<LawRef[]> {
    if (!ids.length) return [];
    return (await conn.select().from(laws).where(inArray(laws.id, ids))).map(ref);
  }
}

function summary(l: LawRow): LawSummaryDto {
  return {
    id: l.id,
    titleJa: l.titleJa,
    titleEn: l.titleEn,
    shortNameJa: l.shortNameJa,
    shortNameEn: l.shortNameEn,
    kind: l.kind as LawKind,
    issuerJa: l.issuerJa,
    issuerEn: l.issuerEn,
    referenceNumber: l.referenceNumber,
    lastRevisedOn: l.lastRevisedOn,
    verifiedOn: l.verifiedOn,
    url: l.url,
    status: l.status as LawStatus,
    seeded: !!l.seedKey,
    retired: !!l.retiredAt,
    updatedAt: l.updatedAt.toISOString(),
  };
}

const ref = (l: LawRow): LawRef => ({ id: l.id, titleJa: l.titleJa, titleEn: l.titleEn, shortNameJa: l.shortNameJa, shortNameEn: l.shortNameEn });

/** Optional text fields as null when absent (a create). */
function nullable(i: CreateLaw) {
  return {
    shortNameJa: i.shortNameJa ?? null,
    shortNameEn: i.shortNameEn ?? null,
    issuerJa: i.issuerJa ?? null,
    issuerEn: i.issuerEn ?? null,
    referenceNumber: i.referenceNumber ?? null,
    lastRevisedOn: i.lastRevisedOn ?? null,
    verifiedOn: i.verifiedOn ?? null,
    url: i.url ?? null,
    summaryJa: i.summaryJa ?? null,
    summaryEn: i.summaryEn ?? null,
    replacedById: i.replacedById ?? null,
  };
}

/** The fields a PATCH sent (undefined = unchanged, null = cleared). */
function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
