import { and, asc, count, eq, exists, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { FAMILY_PREFIX, type AssignOwnersResult, type ControlDto, type ControlFamily, type ControlList, type CreateControl, type ListControlsQuery, type OwnerKind, type UpdateControl } from '../../../shared/controls.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { controlClauses, controlEvidence, controlLaws, controls, laws, people, riskControls, units } from '../../db/schema/index.js';
import { AppError, ConflictError, ValidationError } from '../../errors.js';
import { compareIso, controlDetail, controlRow, controlSummaries, sortByFamily } from './controls.read.js';
import { uniqueUnitsByKind } from './controls.seed.js';

/** Fields whose change the audit entry records (old → new). */
const TRACKED = ['code', 'family', 'titleJa', 'titleEn', 'descriptionJa', 'descriptionEn', 'isoRefs', 'ownerUnitId', 'ownerPersonId', 'status', 'applicable', 'justificationJa', 'justificationEn'] as const;

/**
 * The control catalogue (P32-5): list and read with `control.read`, change with `control.manage`.
 * Every change writes its audit entry in the same transaction; a status change is its own event
 * (`control.status_changed`) so the SoA's history is easy to follow. Reading: controls.read.ts.
 */
export class ControlsService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, q: ListControlsQuery): Promise<ControlList> {
    await this.ctx.authz.require(actor, 'control.read');
    const conds: (SQL | undefined)[] = [
      q.family ? eq(controls.family, q.family) : undefined,
      q.status ? eq(controls.status, q.status) : undefined,
      q.ownerUnitId === 'none' ? isNull(controls.ownerUnitId) : q.ownerUnitId ? eq(controls.ownerUnitId, q.ownerUnitId) : undefined,
      q.applicable === undefined ? undefined : eq(controls.applicable, q.applicable),
      q.clauseId ? exists(this.ctx.db.select({ x: sql`1` }).from(controlClauses).where(and(eq(controlClauses.controlId, controls.id), eq(controlClauses.clauseId, q.clauseId)))) : undefined,
      q.riskId ? exists(this.ctx.db.select({ x: sql`1` }).from(riskControls).where(and(eq(riskControls.controlId, controls.id), eq(riskControls.riskId, q.riskId)))) : undefined,
      q.q ? searchCondition(q.q) : undefined,
    ];
    const rows = await this.ctx.db.select().from(controls).where(and(...conds)).orderBy(asc(controls.family), asc(controls.code));
    let items = await controlSummaries(this.ctx.db, rows, this.ctx.clock.now());
    if (q.evidence) items = items.filter((i) => i.evidenceState === q.evidence);
    return { items: sortByFamily(items) };
  }

  async get(actor: Actor, id: string): Promise<ControlDto> {
    await this.ctx.authz.require(actor, 'control.read');
    return controlDetail(this.ctx.db, actor, await controlRow(this.ctx.db, id), this.ctx.clock.now());
  }

  async create(actor: Actor, input: CreateControl): Promise<ControlDto> {
    await this.ctx.authz.require(actor, 'control.manage');
    const id = await this.ctx.db.transaction(async (tx) => {
      await this.checkRefs(tx, input);
      const now = this.ctx.clock.now();
      const code = input.code ?? (await this.nextCode(tx, input.family));
      await this.checkCodeFree(tx, code);
      const values = normalise({ ...input, code });
      const [row] = await tx
        .insert(controls)
        .values({ ...values, code, createdAt: now, updatedAt: now, updatedBy: actor.personId })
        .returning();
      await this.setLinks(tx, row!.id, input.clauseIds, input.lawIds);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'control.created',
        targetType: 'control',
        targetId: row!.id,
        details: { code, family: row!.family, titleJa: row!.titleJa, titleEn: row!.titleEn, status: row!.status, applicable: row!.applicable, clauseIds: input.clauseIds, lawIds: input.lawIds },
      });
      return row!.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateControl): Promise<ControlDto> {
    await this.ctx.authz.require(actor, 'control.manage');
    await this.ctx.db.transaction(async (tx) => {
      const before = await controlRow(tx, id, true);
      await this.checkRefs(tx, input);
      if (input.code !== undefined && input.code !== before.code) await this.checkCodeFree(tx, input.code);
      const next = normalise({ ...before, ...stripUndefined(input) });
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of TRACKED) {
        if (JSON.stringify(before[k]) !== JSON.stringify(next[k])) changes[k] = { from: before[k], to: next[k] };
      }
      const links = await this.linkIds(tx, id);
      const clauseIds = input.clauseIds ? [...new Set(input.clauseIds)].sort() : links.clauseIds;
      const lawIds = input.lawIds ? [...new Set(input.lawIds)].sort() : links.lawIds;
      if (JSON.stringify(clauseIds) !== JSON.stringify(links.clauseIds)) changes.clauseIds = { from: links.clauseIds, to: clauseIds };
      if (JSON.stringify(lawIds) !== JSON.stringify(links.lawIds)) changes.lawIds = { from: links.lawIds, to: lawIds };
      if (Object.keys(changes).length === 0) return;
      const patch = Object.fromEntries(TRACKED.map((k) => [k, next[k]]));
      await tx
        .update(controls)
        .set({ ...patch, updatedAt: this.ctx.clock.now(), updatedBy: actor.personId })
        .where(eq(controls.id, id));
      if (changes.clauseIds || changes.lawIds) await this.setLinks(tx, id, clauseIds, lawIds);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: changes.status ? 'control.status_changed' : 'control.updated',
        targetType: 'control',
        targetId: id,
        details: { code: next.code, changes },
      });
    });
    return this.get(actor, id);
  }

  /** Deletes a control nobody relies on yet: one with risks or evidence is kept (mark it not applicable instead). */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.ctx.authz.require(actor, 'control.manage');
    await this.ctx.db.transaction(async (tx) => {
      const row = await controlRow(tx, id, true);
      const [r] = await tx.select({ n: count() }).from(riskControls).where(eq(riskControls.controlId, id));
      const [e] = await tx.select({ n: count() }).from(controlEvidence).where(eq(controlEvidence.controlId, id));
      if (Number(r?.n ?? 0) > 0 || Number(e?.n ?? 0) > 0) {
        throw new AppError(409, 'CONTROL_IN_USE', 'This control has linked risks or evidence; mark it not applicable instead.', { risks: Number(r?.n ?? 0), evidence: Number(e?.n ?? 0) });
      }
      const links = await this.linkIds(tx, id);
      await tx.delete(controls).where(eq(controls.id, id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'control.deleted',
        targetType: 'control',
        targetId: id,
        details: { code: row.code, family: row.family, titleJa: row.titleJa, titleEn: row.titleEn, status: row.status, ...links },
      });
    });
  }

  /**
   * Gives every control still without an owner unit its suggested unit (the data center or the
   * operations office), where exactly one unit of that kind exists. For a fresh install, whose
   * catalogue was seeded before any unit was registered.
   */
  async assignDefaultOwners(actor: Actor): Promise<AssignOwnersResult> {
    await this.ctx.authz.require(actor, 'control.manage');
    return this.ctx.db.transaction(async (tx) => {
      const owners = await uniqueUnitsByKind(tx);
      const waiting = await tx
        .select({ id: controls.id, code: controls.code, kind: controls.defaultOwnerKind })
        .from(controls)
        .where(and(isNull(controls.ownerUnitId), sql`${controls.defaultOwnerKind} is not null`));
      const unresolved = new Set<OwnerKind>();
      const assigned: string[] = [];
      for (const kind of ['data_center', 'operations_office'] as const) {
        const ids = waiting.filter((w) => w.kind === kind);
        if (!ids.length) continue;
        const unitId = owners.get(kind);
        if (!unitId) {
          unresolved.add(kind);
          continue;
        }
        await tx
          .update(controls)
          .set({ ownerUnitId: unitId, updatedAt: this.ctx.clock.now(), updatedBy: actor.personId })
          .where(inArray(controls.id, ids.map((w) => w.id)));
        assigned.push(...ids.map((w) => w.code));
      }
      if (assigned.length) {
        await appendAudit(tx, this.ctx.clock, actor, { action: 'control.owners_assigned', targetType: 'control', targetId: null, details: { codes: assigned, units: Object.fromEntries(owners) } });
      }
      return { assigned: assigned.length, unresolved: [...unresolved] };
    });
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private async linkIds(conn: Conn, id: string) {
    const [c, l] = await Promise.all([
      conn.select({ x: controlClauses.clauseId }).from(controlClauses).where(eq(controlClauses.controlId, id)),
      conn.select({ x: controlLaws.lawId }).from(controlLaws).where(eq(controlLaws.controlId, id)),
    ]);
    return { clauseIds: c.map((r) => r.x).sort(), lawIds: l.map((r) => r.x).sort() };
  }

  private async setLinks(tx: Conn, id: string, clauseIds: string[], lawIds: string[]) {
    await tx.delete(controlClauses).where(eq(controlClauses.controlId, id));
    await tx.delete(controlLaws).where(eq(controlLaws.controlId, id));
    const c = [...new Set(clauseIds)];
    const l = [...new Set(lawIds)];
    if (c.length) await tx.insert(controlClauses).values(c.map((clauseId) => ({ controlId: id, clauseId })));
    if (l.length) await tx.insert(controlLaws).values(l.map((lawId) => ({ controlId: id, lawId })));
  }

  /** The owner unit, owner person and laws must exist (a 400 on the field otherwise). */
  private async checkRefs(conn: Conn, input: { ownerUnitId?: string | null; ownerPersonId?: string | null; lawIds?: string[] }) {
    const problems: { path: string; message: string }[] = [];
    if (input.ownerUnitId) {
      const [u] = await conn.select({ id: units.id, active: units.active }).from(units).where(eq(units.id, input.ownerUnitId));
      if (!u?.active) problems.push({ path: 'ownerUnitId', message: 'does not exist' });
    }
    if (input.ownerPersonId) {
      const [p] = await conn.select({ id: people.id, active: people.active }).from(people).where(eq(people.id, input.ownerPersonId));
      if (!p?.active) problems.push({ path: 'ownerPersonId', message: 'does not exist' });
    }
    if (input.lawIds?.length) {
      const found = new Set((await conn.select({ id: laws.id }).from(laws).where(inArray(laws.id, input.lawIds))).map((r) => r.id));
      input.lawIds.forEach((id, i) => {
        if (!found.has(id)) problems.push({ path: `lawIds.${i}`, message: 'does not exist' });
      });
    }
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
  }

  private async checkCodeFree(conn: Conn, code: string) {
    const [taken] = await conn.select({ id: controls.id }).from(controls).where(sql`lower(${controls.code}) = lower(${code})`);
    if (taken) throw new ConflictError('DUPLICATE_CODE', 'A control with this code already exists.', [{ path: 'code', message: 'already exists' }]);
  }

  /** The family's next free code: PHY-13 after PHY-12. */
  private async nextCode(conn: Conn, family: ControlFamily): Promise<string> {
    const prefix = FAMILY_PREFIX[family];
    const rows = await conn.select({ code: controls.code }).from(controls).where(ilike(controls.code, `${prefix}-%`));
    const max = rows.reduce((m, r) => Math.max(m, Number(/^[A-Z]+-(\d+)$/i.exec(r.code)?.[1] ?? 0)), 0);
    return `${prefix}-${String(max + 1).padStart(2, '0')}`;
  }
}

/** A control that does not apply has status not_applicable, and one that applies never has it. */
function normalise<T extends { applicable: boolean; status: string; isoRefs: string[] }>(v: T): T {
  const isoRefs = [...new Set(v.isoRefs)].sort(compareIso);
  if (!v.applicable) return { ...v, isoRefs, status: 'not_applicable' };
  if (v.status === 'not_applicable') return { ...v, isoRefs, applicable: false };
  return { ...v, isoRefs };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function searchCondition(q: string): SQL {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(controls.code, like), ilike(controls.titleJa, like), ilike(controls.titleEn, like), ilike(controls.descriptionJa, like), ilike(controls.descriptionEn, like), sql`${controls.isoRefs}::text ilike ${like}`)!;
}

