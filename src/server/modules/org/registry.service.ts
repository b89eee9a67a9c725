import { and, asc, desc, eq, ilike, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { AuditAction } from '../../../shared/audit.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../authz/actor.js';
import type { Conn } from '../../db/client.js';
import { appendAudit } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError } from '../../errors.js';

type Row = Record<string, unknown> & { id: string; code: string; active: boolean; createdAt: Date; updatedAt: Date };

export interface ListParams {
  page: number;
  pageSize: number;
  q?: string;
  sort: string;
  dir: 'asc' | 'desc';
  includeInactive?: boolean;
}

/** What differs between the simple registries (units, institutions, research groups, studies, committees). */
export interface RegistryDef {
  /** Audit target type and event prefix, e.g. 'institution' → 'institution.created'. */
  kind: 'unit' | 'institution' | 'research_group' | 'study' | 'committee';
  label: string;
  table: PgTable & { id: AnyColumn; code: AnyColumn; active: AnyColumn; updatedAt: AnyColumn };
  searchColumns: AnyColumn[];
  sortColumns: Record<string, AnyColumn>;
  /** Extra fields for the DTO (e.g. a study's research group code). */
  decorate?: (conn: Conn, rows: Row[]) => Promise<Record<string, unknown>[]>;
  /** Checks references (e.g. the research group exists) before a write. */
  checkRefs?: (conn: Conn, input: Record<string, unknown>) => Promise<void>;
}

const iso = (row: Row) => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });
const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err.code === '23505' || err.cause?.code === '23505';
};

/** Create, read, list, update, deactivate and reactivate for one registry, with authorization and audit. */
export class RegistryService {
  constructor(
    private readonly ctx: AppContext,
    readonly def: RegistryDef,
  ) {}

  private ev(suffix: 'created' | 'updated' | 'deactivated'): AuditAction {
    return `${this.def.kind}.${suffix}` as AuditAction;
  }

  private async toDtos(conn: Conn, rows: Row[]) {
    const base = rows.map(iso);
    if (!this.def.decorate) return base;
    const extra = await this.def.decorate(conn, rows);
    return base.map((b, i) => ({ ...b, ...extra[i] }));
  }

  async list(actor: Actor, p: ListParams) {
    await this.ctx.authz.require(actor, 'org.read');
    const t = this.def.table;
    const where: SQL[] = [];
    if (!p.includeInactive) where.push(eq(t.active, true));
    if (p.q) {
      const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const any = or(...this.def.searchColumns.map((c) => ilike(c, like)));
      if (any) where.push(any);
    }
    const cond = where.length ? and(...where) : undefined;
    const sortCol = this.def.sortColumns[p.sort] ?? t.code;
    const [rows, [count]] = await Promise.all([
      this.ctx.db
        .select()
        .from(t)
        .where(cond)
        .orderBy(p.dir === 'desc' ? desc(sortCol) : asc(sortCol), asc(t.id))
        .limit(p.pageSize)
        .offset((p.page - 1) * p.pageSize),
      this.ctx.db.select({ n: sql<number>`count(*)::int` }).from(t).where(cond),
    ]);
    return { items: await this.toDtos(this.ctx.db, rows as Row[]), total: count?.n ?? 0, page: p.page, pageSize: p.pageSize };
  }

  private async find(conn: Conn, id: string): Promise<Row> {
    const [row] = await conn.select().from(this.def.table).where(eq(this.def.table.id, id));
    if (!row) throw new NotFoundError(this.def.label);
    return row as Row;
  }

  async get(actor: Actor, id: string) {
    await this.ctx.authz.require(actor, 'org.read');
    const [dto] = await this.toDtos(this.ctx.db, [await this.find(this.ctx.db, id)]);
    return dto;
  }

  async create(actor: Actor, input: Record<string, unknown>) {
    await this.ctx.authz.require(actor, 'org.manage');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.createInTx(tx, actor, input);
      const [dto] = await this.toDtos(tx, [row]);
      return dto;
    });
  }

  /** Inserts inside a caller's transaction (used by CSV import so a whole file commits at once). */
  async createInTx(tx: Conn, actor: Actor, input: Record<string, unknown>): Promise<Row> {
    // policy: caller — runs in the caller's transaction after its check (org.manage, import.run, the demo loader as the system)
    await this.def.checkRefs?.(tx, input);
    const now = this.ctx.clock.now();
    let row: Row | undefined;
    try {
      [row] = (await tx.insert(this.def.table).values({ ...input, createdAt: now, updatedAt: now } as never).returning()) as Row[];
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('DUPLICATE_CODE', `${this.def.label} code already in use.`, { field: 'code' });
      throw e;
    }
    if (!row) throw new Error('insert returned nothing');
    await appendAudit(tx, this.ctx.clock, actor, { action: this.ev('created'), targetType: this.def.kind, targetId: row.id, details: { after: input } });
    return row;
  }

  async update(actor: Actor, id: string, input: Record<string, unknown>) {
    await this.ctx.authz.require(actor, 'org.manage');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.updateInTx(tx, actor, id, input);
      const [dto] = await this.toDtos(tx, [row]);
      return dto;
    });
  }

  async updateInTx(tx: Conn, actor: Actor, id: string, input: Record<string, unknown>): Promise<Row> {
    // policy: caller — runs in the caller's transaction after its check (org.manage, import.run)
    const before = await this.find(tx, id);
    await this.def.checkRefs?.(tx, input);
    const changed = Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && before[k] !== v));
    if (Object.keys(changed).length === 0) return before;
    let row: Row | undefined;
    try {
      [row] = (await tx.update(this.def.table).set({ ...changed, updatedAt: this.ctx.clock.now() } as never).where(eq(this.def.table.id, id)).returning()) as Row[];
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('DUPLICATE_CODE', `${this.def.label} code already in use.`, { field: 'code' });
      throw e;
    }
    if (!row) throw new NotFoundError(this.def.label);
    const beforeFields = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k]]));
    await appendAudit(tx, this.ctx.clock, actor, { action: this.ev('updated'), targetType: this.def.kind, targetId: id, details: { before: beforeFields, after: changed } });
    return row;
  }

  async setActive(actor: Actor, id: string, active: boolean) {
    await this.ctx.authz.require(actor, 'org.manage');
    return this.ctx.db.transaction(async (tx) => {
      const before = await this.find(tx, id);
      if (before.active === active) return (await this.toDtos(tx, [before]))[0];
      const [row] = (await tx.update(this.def.table).set({ active, updatedAt: this.ctx.clock.now() } as never).where(eq(this.def.table.id, id)).returning()) as Row[];
      await appendAudit(tx, this.ctx.clock, actor, {
        action: active ? this.ev('updated') : this.ev('deactivated'),
        targetType: this.def.kind,
        targetId: id,
        details: active ? { before: { active: false }, after: { active: true } } : null,
      });
      return (await this.toDtos(tx, [row as Row]))[0];
    });
  }
}
