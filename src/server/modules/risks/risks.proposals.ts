import { and, asc, eq, isNull } from 'drizzle-orm';
import { appliesTo, levelOf, type AcceptProposal, type RiskDto, type RiskMatrixDto, type RiskProposalDto, type ThreatSource } from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { addDays, tokyoToday } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { assets, riskAssets, risks, threats } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { catalogueRef, type CatalogueService, type ThreatRow } from './catalogue.service.js';
import { RiskReader } from './risks.read.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { checkOwner, insertRisk, scaleProblems } from './risks.write.js';
import { loadMatrix } from './risk-matrix.js';

type AssetRow = typeof assets.$inferSelect;

/**
 * Proposals (P32-4): the usual risks for an asset, from the catalogue (by the asset's kind, type
 * and category), that are not registered for it yet; accepting one registers it.
 */
export class RiskProposalsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly catalogue: CatalogueService,
  ) {}

  /** The usual risks for an asset (by its kind, type and category) that are not registered for it yet. */
  async list(actor: Actor, assetId: string): Promise<RiskProposalDto[]> {
    await this.ctx.authz.require(actor, 'risk.read');
    const asset = await visibleAsset(this.ctx.db, actor, assetId);
    if (asset.status !== 'active') return [];
    const [m, all, registered] = await Promise.all([
      loadMatrix(this.ctx.db),
      this.ctx.db.select().from(threats).where(isNull(threats.retiredAt)).orderBy(asc(threats.code)),
      registeredThreats(this.ctx.db, assetId),
    ]);
    const open = all.filter((t) => appliesTo(t, asset) && !registered.has(t.id));
    const typical = await this.catalogue.typicalVulnerabilities(this.ctx.db, open.map((t) => t.id));
    const rank = new Map(m.levels.map((l) => [l.key, l.rank]));
    return open
      .map((t) => {
        const { likelihood, impact } = suggest(m, t, asset);
        return {
          threat: { ...catalogueRef(t), source: t.source as ThreatSource, descriptionJa: t.descriptionJa, descriptionEn: t.descriptionEn },
          vulnerabilities: typical.get(t.id) ?? [],
          likelihood,
          impact,
          level: levelOf(m, likelihood, impact)!,
        };
      })
      .sort((a, b) => (rank.get(b.level) ?? 0) - (rank.get(a.level) ?? 0) || b.likelihood * b.impact - a.likelihood * a.impact || a.threat.code.localeCompare(b.threat.code));
  }

  /** Registers a proposed risk for the asset (409 RISK_DUPLICATE when the threat is already registered for it). */
  async accept(actor: Actor, assetId: string, threatId: string, input: AcceptProposal): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const today = tokyoToday(this.ctx.clock.now());
    const row = await this.ctx.db.transaction(async (tx) => {
      const asset = await visibleAsset(tx, actor, assetId, true);
      if (asset.status !== 'active') throw new AppError(409, 'RISK_NOT_ACCEPTABLE', 'The asset has been disposed of.');
      const [threat] = await tx.select().from(threats).where(and(eq(threats.id, threatId), isNull(threats.retiredAt)));
      if (!threat) throw new NotFoundError('Threat');
      if ((await registeredThreats(tx, assetId)).has(threatId)) throw new AppError(409, 'RISK_DUPLICATE', 'This risk is already registered for the asset.');
      const m = await loadMatrix(tx);
      const s = suggest(m, threat, asset);
      const likelihood = input.likelihood ?? s.likelihood;
      const impact = input.impact ?? s.impact;
      const problems = scaleProblems(m, [
        ['likelihood', likelihood, 'likelihood'],
        ['impact', impact, 'impact'],
      ]);
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const vulnerabilityIds = input.vulnerabilityIds ?? ((await this.catalogue.typicalVulnerabilities(tx, [threatId])).get(threatId) ?? []).map((v) => v.id);
      await this.catalogue.checkVulnerabilities(tx, vulnerabilityIds, 'vulnerabilityIds');
      await checkOwner(tx, input.ownerPersonId);
      return insertRisk(tx, this.ctx.clock, actor, m, threat, {
        assetIds: [assetId],
        threatId,
        vulnerabilityIds,
        ownerPersonId: input.ownerPersonId === undefined ? asset.ownerPersonId : input.ownerPersonId,
        inherentLikelihood: likelihood,
        inherentImpact: impact,
        // A proposed risk is looked at again within a year (P32-8).
        nextReviewDate: addDays(today, 365),
        source: 'proposal',
      });
    });
    return new RiskReader(this.ctx.db).detail(actor, row, today);
  }
}

/** The asset if the actor may see it; 404 otherwise. */
async function visibleAsset(conn: Conn, actor: Actor, id: string, lock = false): Promise<AssetRow> {
  const q = conn.select().from(assets).where(and(eq(assets.id, id), assetScope.filter(actor)));
  const [row] = lock ? await q.for('update', { of: assets }) : await q;
  if (!row) throw new NotFoundError('Asset');
  return row;
}

/** Threats already registered as a risk for the asset. */
async function registeredThreats(conn: Conn, assetId: string): Promise<Set<string>> {
  const rows = await conn.selectDistinct({ id: risks.threatId }).from(riskAssets).innerJoin(risks, eq(risks.id, riskAssets.riskId)).where(eq(riskAssets.assetId, assetId));
  return new Set(rows.map((r) => r.id));
}

/**
 * Where a proposal starts: the threat's usual likelihood and impact, with impact one step up for
 * special-care personal information (P32-1.2.1: its protection comes first) and one step down for
 * public information, kept inside the matrix.
 */
function suggest(m: RiskMatrixDto, t: ThreatRow, a: Pick<AssetRow, 'category'>): { likelihood: number; impact: number } {
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 1), max);
  const bump = a.category === 'special_care' ? 1 : a.category === 'public' ? -1 : 0;
  return { likelihood: clamp(t.defaultLikelihood, m.likelihood.length), impact: clamp(t.defaultImpact + bump, m.impact.length) };
}
