import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AssetCategory, AssetKind, AssetType } from '../../../shared/assets.js';
import { formatAssetRef } from '../../../shared/assets.js';
import {
  formatRiskRef,
  type ListRisksQuery,
  type RiskAssessmentDto,
  type RiskDto,
  type RiskFilters,
  type RiskHeatmapDto,
  type RiskMatrixDto,
  type RiskStatus,
  type RiskSummaryDto,
  type RiskTreatment,
} from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import type { Conn } from '../../db/client.js';
import { assets, controls, people, riskAssessments, riskAssets, riskControls, risks, riskVulnerabilities, threats, vulnerabilities } from '../../db/schema/index.js';
import { catalogueRef } from './catalogue.service.js';
import { personRefs } from '../../db/person-refs.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { riskScope } from '../../authz/scopes/risks.js';

export type RiskRow = typeof risks.$inferSelect;

/** The statuses lists and the heat map show unless asked otherwise: every risk still in play. */
export const LIVE_STATUSES: RiskStatus[] = ['open', 'in_treatment', 'accepted', 'needs_review'];

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The columns a filter or a sort reads for its basis: inherent, residual, or current (residual once assessed). */
function basisColumns(basis: RiskFilters['basis']) {
  if (basis === 'inherent') return { l: sql`${risks.inherentLikelihood}`, i: sql`${risks.inherentImpact}`, level: risks.inherentLevel, sort: risks.inherentSort };
  if (basis === 'residual') return { l: sql`${risks.residualLikelihood}`, i: sql`${risks.residualImpact}`, level: risks.residualLevel, sort: risks.residualSort };
  return { l: sql`coalesce(${risks.residualLikelihood}, ${risks.inherentLikelihood})`, i: sql`coalesce(${risks.residualImpact}, ${risks.inherentImpact})`, level: risks.currentLevel, sort: risks.currentSort };
}

/**
 * One search word: the risks whose title or description holds it (GIN-indexed grams, then ILIKE),
 * whose threat's name or code holds it, or one of whose assets' names holds it (the asset
 * register's grams). Each part uses its own index; the union is then matched by id.
 */
function wordCondition(w: string): SQL {
  const pattern = like(w);
  return sql`${risks.id} in (
    select r2.id from risks r2 where r2.search_grams @> asset_search_grams(${w}) and (coalesce(r2.title, '') || ' ' || coalesce(r2.description, '')) ilike ${pattern}
    union all
    select r3.id from risks r3 where r3.threat_id in (select ${threats.id} from ${threats} where ${threats.nameJa} ilike ${pattern} or ${threats.nameEn} ilike ${pattern} or ${threats.code} ilike ${pattern})
    union all
    select ra.risk_id from risk_assets ra join asset_search s on s.asset_id = ra.asset_id join assets a on a.id = ra.asset_id
      where s.grams @> asset_search_grams(${w}) and a.name ilike ${pattern}
  )`;
}

/** The list's and heat map's filters as a condition over `risks` (the caller adds visibility). */
export function riskFilterCondition(f: Partial<RiskFilters>, today: string, opts: { cell?: boolean } = {}): SQL | undefined {
  const b = basisColumns(f.basis ?? 'current');
  const treatments = f.treatment ?? [];
  const named = treatments.filter((t) => t !== 'none');
  const words = (f.q ?? '').split(/\s+/u).filter(Boolean).slice(0, 8);
  // "R-000123" (or r123) is a reference: looked up by number alone
  const refNo = words.length === 1 ? /^r-?0*(\d{1,9})$/i.exec(words[0]!)?.[1] : undefined;
  return and(
    inArray(risks.status, f.status?.length ? f.status : LIVE_STATUSES),
    opts.cell !== false && f.likelihood ? sql`${b.l} = ${f.likelihood}` : undefined,
    opts.cell !== false && f.impact ? sql`${b.i} = ${f.impact}` : undefined,
    opts.cell !== false && f.level?.length ? inArray(b.level, f.level) : undefined,
    treatments.length ? or(named.length ? inArray(risks.treatment, named) : undefined, treatments.includes('none') ? isNull(risks.treatment) : undefined) : undefined,
    f.ownerId ? eq(risks.ownerPersonId, f.ownerId) : undefined,
    f.reviewOverdue === true ? lt(risks.nextReviewDate, today) : undefined,
    f.reviewOverdue === false ? or(isNull(risks.nextReviewDate), sql`${risks.nextReviewDate} >= ${today}`) : undefined,
    f.threatId ? eq(risks.threatId, f.threatId) : undefined,
    f.assetId ? sql`exists (select 1 from ${riskAssets} where ${riskAssets.riskId} = ${risks.id} and ${riskAssets.assetId} = ${f.assetId})` : undefined,
    refNo !== undefined ? eq(risks.number, Number(refNo)) : and(...words.map(wordCondition)),
  );
}

const cell = (l: number, i: number, level: string) => ({ likelihood: l, impact: i, level });

/** Reading the register: pages of the list, the heat map, the detail. */
export class RiskReader {
  constructor(private readonly conn: Conn) {}

  /** The page and total queries of the list (the benchmark runs them through the driver too). */
  listQueries(actor: Actor, q: ListRisksQuery, today: string) {
    const where = and(riskScope.filter(actor), riskFilterCondition(q, today));
    const d = q.dir === 'asc' ? asc : desc;
    const b = basisColumns(q.basis);
    const order: SQL[] =
      q.sort === 'level'
        ? // the sort keys' indexes: current and inherent are never null; residual puts the unassessed last
          [q.basis === 'residual' ? sql`${b.sort} ${sql.raw(q.dir)} nulls last` : d(b.sort), d(risks.number)]
        : q.sort === 'nextReviewDate'
          ? [sql`${risks.nextReviewDate} ${sql.raw(q.dir)} nulls last`, d(risks.number)]
          : q.sort === 'dueDate'
            ? [sql`${risks.dueDate} ${sql.raw(q.dir)} nulls last`, d(risks.number)]
            : q.sort === 'updatedAt'
              ? [d(risks.updatedAt), d(risks.number)]
              : [d(risks.number)];
    return {
      page: this.conn
        .select({ r: risks, t: { id: threats.id, code: threats.code, nameJa: threats.nameJa, nameEn: threats.nameEn } })
        .from(risks)
        .innerJoin(threats, eq(threats.id, risks.threatId))
        .where(where)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      total: this.conn.select({ n: count() }).from(risks).where(where),
    };
  }

  async page(actor: Actor, q: ListRisksQuery, today: string) {
    const { page, total: totalQuery } = this.listQueries(actor, q, today);
    const [rows, [total]] = await Promise.all([page, totalQuery]);
    return { items: await this.summaries(actor, rows, today), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  /** Counts per cell, inherent and residual, in one pass over the risks in view. */
  /**
   * The one grouped query behind the heat map. Grouping by status too follows the order of the
   * (status, cells) index, so the count streams from an index-only scan without hashing; the
   * statuses are summed afterwards.
   */
  heatmapQuery(actor: Actor, f: Partial<RiskFilters>, today: string) {
    return this.conn
      .select({ il: risks.inherentLikelihood, ii: risks.inherentImpact, rl: risks.residualLikelihood, ri: risks.residualImpact, n: count() })
      .from(risks)
      .where(and(riskScope.filter(actor), riskFilterCondition(f, today, { cell: false })))
      .groupBy(risks.status, risks.inherentLikelihood, risks.inherentImpact, risks.residualLikelihood, risks.residualImpact);
  }

  async heatmap(actor: Actor, f: Partial<RiskFilters>, m: RiskMatrixDto, today: string): Promise<RiskHeatmapDto> {
    const rows = await this.heatmapQuery(actor, f, today);
    const inherent = new Map<string, number>();
    const residual = new Map<string, number>();
    let total = 0;
    let withoutResidual = 0;
    for (const r of rows) {
      const n = Number(r.n);
      total += n;
      inherent.set(`${r.il}:${r.ii}`, (inherent.get(`${r.il}:${r.ii}`) ?? 0) + n);
      if (r.rl && r.ri) residual.set(`${r.rl}:${r.ri}`, (residual.get(`${r.rl}:${r.ri}`) ?? 0) + n);
      else withoutResidual += n;
    }
    const list = (map: Map<string, number>) =>
      [...map.entries()].map(([k, count]) => {
        const [likelihood, impact] = k.split(':').map(Number) as [number, number];
        return { likelihood, impact, count };
      });
    return { matrix: m, inherent: list(inherent), residual: list(residual), total, withoutResidual };
  }

  /** People who own risks the actor may see. */
  async owners(actor: Actor) {
    const rows = await this.conn
      .selectDistinct({ id: risks.ownerPersonId })
      .from(risks)
      .where(and(isNotNull(risks.ownerPersonId), riskScope.filter(actor)));
    const names = await personRefs(this.conn, rows.map((r) => r.id));
    return [...names.values()].sort((a, b) => a.nameEn.localeCompare(b.nameEn));
  }

  private async summaries(actor: Actor, rows: { r: RiskRow; t: { id: string; code: string; nameJa: string; nameEn: string } }[], today: string): Promise<RiskSummaryDto[]> {
    const ids = rows.map((x) => x.r.id);
    const [assetMap, owners] = await Promise.all([this.assetsOf(actor, ids, 3), personRefs(this.conn, rows.map((x) => x.r.ownerPersonId))]);
    return rows.map(({ r, t }) => summary(r, t, assetMap.get(r.id) ?? { items: [], total: 0 }, r.ownerPersonId ? (owners.get(r.ownerPersonId) ?? null) : null, today));
  }

  /** The visible assets of each risk (up to `limit` each) and how many assets it concerns in all. */
  async assetsOf(actor: Actor, riskIds: string[], limit = 1000) {
    const out = new Map<string, { items: RiskSummaryDto['assets']; total: number }>();
    if (!riskIds.length) return out;
    const [visible, totals] = await Promise.all([
      this.conn
        .select({ riskId: riskAssets.riskId, id: assets.id, refNo: assets.refNo, name: assets.name, kind: assets.kind, type: assets.type, category: assets.category })
        .from(riskAssets)
        .innerJoin(assets, eq(assets.id, riskAssets.assetId))
        .where(and(inArray(riskAssets.riskId, riskIds), assetScope.filter(actor)))
        .orderBy(asc(assets.refNo)),
      this.conn.select({ riskId: riskAssets.riskId, n: count() }).from(riskAssets).where(inArray(riskAssets.riskId, riskIds)).groupBy(riskAssets.riskId),
    ]);
    for (const t of totals) out.set(t.riskId, { items: [], total: Number(t.n) });
    for (const a of visible) {
      const e = out.get(a.riskId)!;
      if (e.items.length < limit) e.items.push({ id: a.id, ref: formatAssetRef(a.refNo), name: a.name, kind: a.kind as AssetKind, type: a.type as AssetType, category: a.category as AssetCategory });
    }
    return out;
  }

  async detail(actor: Actor, r: RiskRow, today: string): Promise<RiskDto> {
    const [[t], assetMap, vulns, ctrls, history] = await Promise.all([
      this.conn.select().from(threats).where(eq(threats.id, r.threatId)),
      this.assetsOf(actor, [r.id]),
      this.conn
        .select({ id: vulnerabilities.id, code: vulnerabilities.code, nameJa: vulnerabilities.nameJa, nameEn: vulnerabilities.nameEn })
        .from(riskVulnerabilities)
        .innerJoin(vulnerabilities, eq(vulnerabilities.id, riskVulnerabilities.vulnerabilityId))
        .where(eq(riskVulnerabilities.riskId, r.id))
        .orderBy(asc(vulnerabilities.code)),
      this.conn
        .select({ id: controls.id, code: controls.code, titleJa: controls.titleJa, titleEn: controls.titleEn })
        .from(riskControls)
        .innerJoin(controls, eq(controls.id, riskControls.controlId))
        .where(eq(riskControls.riskId, r.id))
        .orderBy(asc(controls.code)),
      this.conn.select().from(riskAssessments).where(eq(riskAssessments.riskId, r.id)).orderBy(desc(riskAssessments.seq)),
    ]);
    const names = await personRefs(this.conn, [r.ownerPersonId, r.acceptedBy, r.createdBy, ...history.map((h) => h.assessedBy)]);
    const person = (id: string | null) => (id ? (names.get(id) ?? null) : null);
    return {
      ...summary(r, catalogueRef(t!), assetMap.get(r.id) ?? { items: [], total: 0 }, person(r.ownerPersonId), today),
      description: r.description,
      treatmentPlan: r.treatmentPlan,
      vulnerabilities: vulns.map(catalogueRef),
      controls: ctrls.map((c) => ({ id: c.id, code: c.code, titleJa: c.titleJa || null, titleEn: c.titleEn || null })),
      acceptance:
        r.acceptedAt && r.acceptanceRationale && r.acceptanceExpiresOn ? { by: person(r.acceptedBy), at: r.acceptedAt.toISOString(), rationale: r.acceptanceRationale, expiresOn: r.acceptanceExpiresOn } : null,
      assessments: history.map(
        (h): RiskAssessmentDto => ({
          id: h.id,
          kind: h.kind as RiskAssessmentDto['kind'],
          by: person(h.assessedBy),
          at: h.assessedAt.toISOString(),
          inherent: cell(h.inherentLikelihood, h.inherentImpact, h.inherentLevel),
          treatment: h.treatment as RiskTreatment | null,
          residual: h.residualLikelihood && h.residualImpact ? cell(h.residualLikelihood, h.residualImpact, h.residualLevel ?? '') : null,
          status: h.status as RiskStatus,
          note: h.note,
        }),
      ),
      source: r.source as RiskDto['source'],
      createdAt: r.createdAt.toISOString(),
      createdBy: person(r.createdBy),
      canManage: can(actor, 'risk.manage'),
      canAccept: can(actor, 'risk.accept'),
    };
  }
}

function summary(r: RiskRow, t: { id: string; code: string; nameJa: string; nameEn: string }, a: { items: RiskSummaryDto['assets']; total: number }, owner: RiskSummaryDto['owner'], today: string): RiskSummaryDto {
  return {
    id: r.id,
    ref: formatRiskRef(r.number),
    title: r.title,
    threat: catalogueRef(t),
    assets: a.items,
    assetCount: a.total,
    owner,
    inherent: cell(r.inherentLikelihood, r.inherentImpact, r.inherentLevel),
    residual: r.residualLikelihood && r.residualImpact ? cell(r.residualLikelihood, r.residualImpact, r.residualLevel ?? '') : null,
    treatment: r.treatment as RiskTreatment | null,
    status: r.status as RiskStatus,
    dueDate: r.dueDate,
    nextReviewDate: r.nextReviewDate,
    reviewOverdue: r.status !== 'closed' && !!r.nextReviewDate && r.nextReviewDate < today,
    acceptanceExpiresOn: r.acceptanceExpiresOn,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Used by people pickers: whether a person exists and is active. */
export async function activePersonExists(conn: Conn, id: string): Promise<boolean> {
  const [p] = await conn.select({ id: people.id }).from(people).where(and(eq(people.id, id), eq(people.active, true)));
  return !!p;
}

/**
 * Risks that need someone's attention, for the home page's task counts, among the risks the actor
 * may see: `needs_review` — back to "needs review" (an acceptance expired), as the list shows with
 * `status=needs_review`; `overdue` — live and past their review date, as with `reviewOverdue=true`.
 */
export async function countRisksToReview(conn: Conn, actor: Actor, today: string, which: 'needs_review' | 'overdue'): Promise<number> {
  const cond = which === 'needs_review' ? eq(risks.status, 'needs_review') : and(lt(risks.nextReviewDate, today), inArray(risks.status, LIVE_STATUSES));
  const [r] = await conn
    .select({ n: count() })
    .from(risks)
    .where(and(riskScope.filter(actor), cond));
  return Number(r?.n ?? 0);
}
