import { and, asc, count, eq, ilike, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { AssetCategory, AssetKind, AssetType } from '../../../shared/assets.js';
import type {
  CatalogueRef,
  CiaProperty,
  CreateThreat,
  CreateVulnerability,
  ListCatalogueQuery,
  ThreatDto,
  ThreatSource,
  UpdateThreat,
  UpdateVulnerability,
  VulnerabilityDto,
} from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { risks, riskVulnerabilities, threats, threatVulnerabilities, vulnerabilities } from '../../db/schema/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { definedOnly } from './risks.common.js';
import { riskScope } from '../../authz/scopes/risks.js';

export type ThreatRow = typeof threats.$inferSelect;
export type VulnerabilityRow = typeof vulnerabilities.$inferSelect;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
};
export const catalogueRef = (r: { id: string; code: string; nameJa: string; nameEn: string }): CatalogueRef => ({ id: r.id, code: r.code, nameJa: r.nameJa, nameEn: r.nameEn });

/**
 * The threat and vulnerability catalogue. Everyone who reads risks reads it; risk.manage edits
 * it. Entries are retired, never deleted: risks keep naming them.
 */
export class CatalogueService {
  constructor(private readonly ctx: AppContext) {}

  async listThreats(actor: Actor, q: ListCatalogueQuery): Promise<ThreatDto[]> {
    await this.ctx.authz.require(actor, 'risk.read');
    const rows = await this.ctx.db.select().from(threats).where(this.where(threats, q)).orderBy(asc(threats.code));
    return this.threatDtos(this.ctx.db, actor, rows);
  }

  async listVulnerabilities(actor: Actor, q: ListCatalogueQuery): Promise<VulnerabilityDto[]> {
    await this.ctx.authz.require(actor, 'risk.read');
    const rows = await this.ctx.db.select().from(vulnerabilities).where(this.where(vulnerabilities, q)).orderBy(asc(vulnerabilities.code));
    const counts = await this.counts(this.ctx.db, actor, 'vulnerability', rows.map((r) => r.id));
    return rows.map((r) => vulnerabilityDto(r, counts.get(r.id) ?? 0));
  }

  async createThreat(actor: Actor, input: CreateThreat): Promise<ThreatDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const id = await this.unique(() =>
      this.ctx.db.transaction(async (tx) => {
        await this.checkVulnerabilities(tx, input.vulnerabilityIds, 'vulnerabilityIds');
        const now = this.ctx.clock.now();
        const { vulnerabilityIds, ...fields } = input;
        const [row] = await tx
          .insert(threats)
          .values({ ...fields, descriptionJa: fields.descriptionJa ?? null, descriptionEn: fields.descriptionEn ?? null, createdAt: now, updatedAt: now })
          .returning();
        if (vulnerabilityIds.length) await tx.insert(threatVulnerabilities).values([...new Set(vulnerabilityIds)].map((v) => ({ threatId: row!.id, vulnerabilityId: v })));
        await appendAudit(tx, this.ctx.clock, actor, { action: 'threat.created', targetType: 'threat', targetId: row!.id, details: { code: row!.code, nameJa: row!.nameJa, nameEn: row!.nameEn } });
        return row!.id;
      }),
    );
    return this.threat(actor, id);
  }

  async updateThreat(actor: Actor, id: string, input: UpdateThreat): Promise<ThreatDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    await this.unique(() =>
      this.ctx.db.transaction(async (tx) => {
        const [before] = await tx.select().from(threats).where(eq(threats.id, id)).for('update');
        if (!before) throw new NotFoundError('Threat');
        const { vulnerabilityIds, retired, ...fields } = input;
        const set: Partial<typeof threats.$inferInsert> = { ...definedOnly(fields), updatedAt: this.ctx.clock.now() };
        if (retired !== undefined) set.retiredAt = retired ? (before.retiredAt ?? this.ctx.clock.now()) : null;
        const [after] = await tx.update(threats).set(set).where(eq(threats.id, id)).returning();
        const changes = changed(before, after!);
        if (vulnerabilityIds) {
          await this.checkVulnerabilities(tx, vulnerabilityIds, 'vulnerabilityIds');
          const old = (await tx.select().from(threatVulnerabilities).where(eq(threatVulnerabilities.threatId, id))).map((r) => r.vulnerabilityId).sort();
          const next = [...new Set(vulnerabilityIds)].sort();
          if (old.join() !== next.join()) {
            await tx.delete(threatVulnerabilities).where(eq(threatVulnerabilities.threatId, id));
            if (next.length) await tx.insert(threatVulnerabilities).values(next.map((v) => ({ threatId: id, vulnerabilityId: v })));
            changes.push({ field: 'vulnerabilityIds', before: old, after: next });
          }
        }
        if (retired === true && !before.retiredAt) await appendAudit(tx, this.ctx.clock, actor, { action: 'threat.retired', targetType: 'threat', targetId: id, details: { code: before.code } });
        else if (changes.length) await appendAudit(tx, this.ctx.clock, actor, { action: 'threat.updated', targetType: 'threat', targetId: id, details: { code: after!.code, changes } });
      }),
    );
    return this.threat(actor, id);
  }

  async createVulnerability(actor: Actor, input: CreateVulnerability): Promise<VulnerabilityDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const row = await this.unique(() =>
      this.ctx.db.transaction(async (tx) => {
        const now = this.ctx.clock.now();
        const [r] = await tx
          .insert(vulnerabilities)
          .values({ ...input, descriptionJa: input.descriptionJa ?? null, descriptionEn: input.descriptionEn ?? null, createdAt: now, updatedAt: now })
          .returning();
        await appendAudit(tx, this.ctx.clock, actor, { action: 'vulnerability.created', targetType: 'vulnerability', targetId: r!.id, details: { code: r!.code, nameJa: r!.nameJa, nameEn: r!.nameEn } });
        return r!;
      }),
    );
    return vulnerabilityDto(row, 0);
  }

  async updateVulnerability(actor: Actor, id: string, input: UpdateVulnerability): Promise<VulnerabilityDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const row = await this.unique(() =>
      this.ctx.db.transaction(async (tx) => {
        const [before] = await tx.select().from(vulnerabilities).where(eq(vulnerabilities.id, id)).for('update');
        if (!before) throw new NotFoundError('Vulnerability');
        const { retired, ...fields } = input;
        const set: Partial<typeof vulnerabilities.$inferInsert> = { ...definedOnly(fields), updatedAt: this.ctx.clock.now() };
        if (retired !== undefined) set.retiredAt = retired ? (before.retiredAt ?? this.ctx.clock.now()) : null;
        const [after] = await tx.update(vulnerabilities).set(set).where(eq(vulnerabilities.id, id)).returning();
        const changes = changed(before, after!);
        if (retired === true && !before.retiredAt) await appendAudit(tx, this.ctx.clock, actor, { action: 'vulnerability.retired', targetType: 'vulnerability', targetId: id, details: { code: before.code } });
        else if (changes.length) await appendAudit(tx, this.ctx.clock, actor, { action: 'vulnerability.updated', targetType: 'vulnerability', targetId: id, details: { code: after!.code, changes } });
        return after!;
      }),
    );
    const counts = await this.counts(this.ctx.db, actor, 'vulnerability', [id]);
    return vulnerabilityDto(row, counts.get(id) ?? 0);
  }

  // ---- used by the risk register ----------------------------------------------------------------

  /** The threat if it exists and is in use (not retired); otherwise a validation error on `path`. */
  async activeThreat(conn: Conn, id: string, path: string): Promise<ThreatRow> {
    const [row] = await conn.select().from(threats).where(and(eq(threats.id, id), isNull(threats.retiredAt)));
    if (!row) throw new ValidationError('Some fields are invalid.', [{ path, message: 'does not exist' }]);
    return row;
  }

  /** Every id names a vulnerability in use, or a validation error names the first that does not. */
  async checkVulnerabilities(conn: Conn, ids: string[], path: string): Promise<void> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return;
    const found = new Set((await conn.select({ id: vulnerabilities.id }).from(vulnerabilities).where(and(inArray(vulnerabilities.id, wanted), isNull(vulnerabilities.retiredAt)))).map((r) => r.id));
    const problems = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `${path}.${i}`, message: 'does not exist' }]));
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
  }

  /** The usual vulnerabilities of threats (in use), by threat id. */
  async typicalVulnerabilities(conn: Conn, threatIds: string[]): Promise<Map<string, CatalogueRef[]>> {
    const out = new Map<string, CatalogueRef[]>();
    if (!threatIds.length) return out;
    const rows = await conn
      .select({ threatId: threatVulnerabilities.threatId, v: vulnerabilities })
      .from(threatVulnerabilities)
      .innerJoin(vulnerabilities, eq(vulnerabilities.id, threatVulnerabilities.vulnerabilityId))
      .where(and(inArray(threatVulnerabilities.threatId, threatIds), isNull(vulnerabilities.retiredAt)))
      .orderBy(asc(vulnerabilities.code));
    for (const r of rows) out.set(r.threatId, [...(out.get(r.threatId) ?? []), catalogueRef(r.v)]);
    return out;
  }

  // ---- internals ------------------------------------------------------------------------------

  private async threat(actor: Actor, id: string): Promise<ThreatDto> {
    const rows = await this.ctx.db.select().from(threats).where(eq(threats.id, id));
    if (!rows.length) throw new NotFoundError('Threat');
    return (await this.threatDtos(this.ctx.db, actor, rows))[0]!;
  }

  private where(t: typeof threats | typeof vulnerabilities, q: ListCatalogueQuery): SQL | undefined {
    const words = (q.q ?? '').split(/\s+/u).filter(Boolean).slice(0, 8);
    return and(q.includeRetired ? undefined : isNull(t.retiredAt), ...words.map((w) => or(ilike(t.code, like(w)), ilike(t.nameJa, like(w)), ilike(t.nameEn, like(w)), ilike(t.descriptionJa, like(w)), ilike(t.descriptionEn, like(w)))));
  }

  private async threatDtos(conn: Conn, actor: Actor, rows: ThreatRow[]): Promise<ThreatDto[]> {
    const ids = rows.map((r) => r.id);
    const [typical, counts] = await Promise.all([this.typicalVulnerabilities(conn, ids), this.counts(conn, actor, 'threat', ids)]);
    return rows.map((r) => ({
      ...common(r, counts.get(r.id) ?? 0),
      source: r.source as ThreatSource,
      affects: r.affects as CiaProperty[],
      defaultLikelihood: r.defaultLikelihood,
      defaultImpact: r.defaultImpact,
      vulnerabilities: typical.get(r.id) ?? [],
    }));
  }

  /** How many risks the actor may see name each entry. */
  private async counts(conn: Conn, actor: Actor, what: 'threat' | 'vulnerability', ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows =
      what === 'threat'
        ? await conn
            .select({ id: risks.threatId, n: count() })
            .from(risks)
            .where(and(inArray(risks.threatId, ids), riskScope.filter(actor)))
            .groupBy(risks.threatId)
        : await conn
            .select({ id: riskVulnerabilities.vulnerabilityId, n: count() })
            .from(riskVulnerabilities)
            .innerJoin(risks, eq(risks.id, riskVulnerabilities.riskId))
            .where(and(inArray(riskVulnerabilities.vulnerabilityId, ids), riskScope.filter(actor)))
            .groupBy(riskVulnerabilities.vulnerabilityId);
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** Runs a write; a duplicate code answers 409 DUPLICATE_CODE. */
  private async unique<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('DUPLICATE_CODE', 'This code is already in use.', { path: 'code' });
      throw e;
    }
  }
}

function common(r: ThreatRow | VulnerabilityRow, riskCount: number) {
  return {
    id: r.id,
    code: r.code,
    nameJa: r.nameJa,
    nameEn: r.nameEn,
    descriptionJa: r.descriptionJa,
    descriptionEn: r.descriptionEn,
    assetKinds: r.assetKinds as AssetKind[],
    assetTypes: r.assetTypes as AssetType[],
    assetCategories: r.assetCategories as AssetCategory[],
    seeded: !!r.seedKey,
    retired: !!r.retiredAt,
    riskCount,
    updatedAt: r.updatedAt.toISOString(),
  };
}

const vulnerabilityDto = (r: VulnerabilityRow, n: number): VulnerabilityDto => common(r, n);

const SKIP = new Set(['updatedAt', 'createdAt']);
/** The fields that differ, for the audit entry. */
function changed<T extends Record<string, unknown>>(before: T, after: T): { field: string; before: unknown; after: unknown }[] {
  return Object.keys(after).flatMap((k) => (SKIP.has(k) || JSON.stringify(before[k]) === JSON.stringify(after[k]) ? [] : [{ field: k === 'retiredAt' ? 'retired' : k, before: k === 'retiredAt' ? !!before[k] : before[k], after: k === 'retiredAt' ? !!after[k] : after[k] }]));
}
