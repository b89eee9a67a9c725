import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AcceptRisk, AssessRisk, CreateRisk, ListRisksQuery, RiskDto, RiskFilters, RiskHeatmapDto, RiskMatrixDto, RiskPage, RiskStatus, SetRiskControls, UpdateRisk, UpdateRiskMatrix } from '../../../shared/risks.js';
import { formatRiskRef } from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import { tokyoToday } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { assets, controls, riskAssets, riskControls, risks, riskVulnerabilities } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { CatalogueService } from './catalogue.service.js';
import { definedOnly } from './risks.common.js';
import { RiskProposalsService } from './risks.proposals.js';
import { RiskReader, type RiskRow } from './risks.read.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { riskScope } from '../../authz/scopes/risks.js';
import { assessmentValues, checkOwner, insertRisk, recordAssessment, scaleProblems, type Problem } from './risks.write.js';
import { levelColumns, loadMatrix, updateMatrix } from './risk-matrix.js';

/** Treatments that change the risk (work to do), as opposed to keeping it. */
const ACTIVE_TREATMENTS = ['reduce', 'avoid', 'transfer'];

/**
 * The risk register (P32-4): a risk is asset(s) × threat × vulnerabilities, assessed on the
 * matrix (inherent), treated with controls, assessed again (residual), accepted by the
 * information security manager until a day, and reviewed. Every assessment is kept. A risk is
 * visible to whoever may see one of its assets; out of scope it answers 404. Proposals for an
 * asset: risks.proposals.ts; the acceptance expiry job: risks.expiry.ts.
 */
export class RisksService {
  readonly catalogue: CatalogueService;
  /** The usual risks for an asset, not registered yet (risks.proposals.ts). */
  readonly proposals: RiskProposalsService;
  constructor(private readonly ctx: AppContext) {
    this.catalogue = new CatalogueService(ctx);
    this.proposals = new RiskProposalsService(ctx, this.catalogue);
  }

  private today() {
    return tokyoToday(this.ctx.clock.now());
  }

  // ---- the matrix --------------------------------------------------------------------------------

  async matrix(actor: Actor): Promise<RiskMatrixDto> {
    await this.ctx.authz.require(actor, 'risk.read');
    return loadMatrix(this.ctx.db);
  }

  async updateMatrix(actor: Actor, input: UpdateRiskMatrix) {
    await this.ctx.authz.require(actor, 'risk.configure');
    return updateMatrix(this.ctx, actor, input);
  }

  // ---- reading -----------------------------------------------------------------------------------

  async list(actor: Actor, q: ListRisksQuery): Promise<RiskPage> {
    await this.ctx.authz.require(actor, 'risk.read');
    return new RiskReader(this.ctx.db).page(actor, q, this.today());
  }

  async heatmap(actor: Actor, f: Partial<RiskFilters>): Promise<RiskHeatmapDto> {
    await this.ctx.authz.require(actor, 'risk.read');
    return new RiskReader(this.ctx.db).heatmap(actor, f, await loadMatrix(this.ctx.db), this.today());
  }

  async owners(actor: Actor) {
    await this.ctx.authz.require(actor, 'risk.read');
    return { items: await new RiskReader(this.ctx.db).owners(actor) };
  }

  async get(actor: Actor, id: string): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.read');
    return this.dto(actor, await this.visibleRisk(this.ctx.db, actor, id));
  }

  // ---- changing ----------------------------------------------------------------------------------

  async create(actor: Actor, input: CreateRisk): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const m = await loadMatrix(tx);
      const problems = scaleProblems(m, [
        ['inherentLikelihood', input.inherentLikelihood, 'likelihood'],
        ['inherentImpact', input.inherentImpact, 'impact'],
      ]);
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const threat = await this.catalogue.activeThreat(tx, input.threatId, 'threatId');
      await this.catalogue.checkVulnerabilities(tx, input.vulnerabilityIds, 'vulnerabilityIds');
      await this.checkAssets(tx, actor, input.assetIds);
      await checkOwner(tx, input.ownerPersonId);
      return insertRisk(tx, this.ctx.clock, actor, m, threat, { ...input, source: 'manual' });
    });
    return this.dto(actor, row);
  }

  async update(actor: Actor, id: string, input: UpdateRisk): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const before = await this.visibleRisk(tx, actor, id, true);
      const changes: { field: string; before: unknown; after: unknown }[] = [];
      if (input.threatId && input.threatId !== before.threatId) await this.catalogue.activeThreat(tx, input.threatId, 'threatId');
      await checkOwner(tx, input.ownerPersonId);
      const { assetIds, vulnerabilityIds, status, ...fields } = input;
      const set: Partial<typeof risks.$inferInsert> = { ...definedOnly(fields) };
      if (status && status !== before.status) {
        set.status = status;
        // Leaving "accepted" by hand ends the acceptance (its record stays in the history).
        if (before.status === 'accepted') Object.assign(set, { acceptedBy: null, acceptedAt: null, acceptanceRationale: null, acceptanceExpiresOn: null });
      }
      if (assetIds) {
        await this.checkAssets(tx, actor, assetIds);
        // Assets the editor cannot see stay linked: nobody removes what they cannot see.
        const vis = assetScope.filter(actor);
        const old = await tx.select({ assetId: riskAssets.assetId, visible: vis ? sql<boolean>`(${vis})` : sql<boolean>`true` }).from(riskAssets).innerJoin(assets, eq(assets.id, riskAssets.assetId)).where(eq(riskAssets.riskId, id));
        const next = [...new Set([...assetIds, ...old.filter((o) => !o.visible).map((o) => o.assetId)])].sort();
        const prev = old.map((o) => o.assetId).sort();
        if (prev.join() !== next.join()) {
          await tx.delete(riskAssets).where(eq(riskAssets.riskId, id));
          await tx.insert(riskAssets).values(next.map((a) => ({ riskId: id, assetId: a })));
          changes.push({ field: 'assetIds', before: prev, after: next });
        }
      }
      if (vulnerabilityIds) {
        await this.catalogue.checkVulnerabilities(tx, vulnerabilityIds, 'vulnerabilityIds');
        const prev = (await tx.select().from(riskVulnerabilities).where(eq(riskVulnerabilities.riskId, id))).map((r) => r.vulnerabilityId).sort();
        const next = [...new Set(vulnerabilityIds)].sort();
        if (prev.join() !== next.join()) {
          await tx.delete(riskVulnerabilities).where(eq(riskVulnerabilities.riskId, id));
          if (next.length) await tx.insert(riskVulnerabilities).values(next.map((v) => ({ riskId: id, vulnerabilityId: v })));
          changes.push({ field: 'vulnerabilityIds', before: prev, after: next });
        }
      }
      for (const [k, v] of Object.entries(set)) {
        const old = (before as Record<string, unknown>)[k];
        if (old !== v && k !== 'acceptedAt') changes.push({ field: k, before: old ?? null, after: v ?? null });
      }
      if (!changes.length) return before;
      const [after] = await tx
        .update(risks)
        .set({ ...set, updatedAt: this.ctx.clock.now() })
        .where(eq(risks.id, id))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, { action: 'risk.updated', targetType: 'risk', targetId: id, details: { ref: formatRiskRef(before.number), changes } });
      return after!;
    });
    return this.dto(actor, row);
  }

  /** A new assessment: inherent values, the treatment, residual values. Recorded in the history. */
  async assess(actor: Actor, id: string, input: AssessRisk): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const before = await this.visibleRisk(tx, actor, id, true);
      const m = await loadMatrix(tx);
      const problems = scaleProblems(m, [
        ['inherentLikelihood', input.inherentLikelihood, 'likelihood'],
        ['inherentImpact', input.inherentImpact, 'impact'],
        ['residualLikelihood', input.residualLikelihood, 'likelihood'],
        ['residualImpact', input.residualImpact, 'impact'],
      ]);
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const levels = levelColumns(m, input.inherentLikelihood, input.inherentImpact, input.residualLikelihood, input.residualImpact);
      const { inherentLevel, residualLevel } = levels;
      const treatment = input.treatment === undefined ? before.treatment : input.treatment;
      const effective = (l: string, r: string | null) => r ?? l;
      let status: RiskStatus = before.status as RiskStatus;
      if (status !== 'closed') {
        // An acceptance holds while the level it accepted holds; otherwise the manager decides again.
        const keepsAcceptance = status === 'accepted' && effective(inherentLevel, residualLevel) === effective(before.inherentLevel, before.residualLevel);
        if (!keepsAcceptance) status = treatment && ACTIVE_TREATMENTS.includes(treatment) ? 'in_treatment' : 'open';
      }
      const set = {
        inherentLikelihood: input.inherentLikelihood,
        inherentImpact: input.inherentImpact,
        ...levels,
        treatment,
        treatmentPlan: input.treatmentPlan === undefined ? before.treatmentPlan : input.treatmentPlan,
        residualLikelihood: input.residualLikelihood ?? null,
        residualImpact: input.residualImpact ?? null,
        status,
        updatedAt: this.ctx.clock.now(),
        ...(before.status === 'accepted' && status !== 'accepted' ? { acceptedBy: null, acceptedAt: null, acceptanceRationale: null, acceptanceExpiresOn: null } : {}),
      };
      const [after] = await tx.update(risks).set(set).where(eq(risks.id, id)).returning();
      await recordAssessment(tx, this.ctx.clock, after!, 'assessed', actor.personId, input.note ?? null);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'risk.assessed',
        targetType: 'risk',
        targetId: id,
        details: { ref: formatRiskRef(before.number), before: assessmentValues(before), after: assessmentValues(after!), note: input.note ?? null },
      });
      return after!;
    });
    return this.dto(actor, row);
  }

  async setControls(actor: Actor, id: string, input: SetRiskControls): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const r = await this.visibleRisk(tx, actor, id, true);
      const next = [...new Set(input.controlIds)];
      if (next.length) {
        const found = new Set((await tx.select({ id: controls.id }).from(controls).where(inArray(controls.id, next))).map((c) => c.id));
        const problems = input.controlIds.flatMap((c, i) => (found.has(c) ? [] : [{ path: `controlIds.${i}`, message: 'does not exist' }]));
        if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      }
      const prev = (await tx.select().from(riskControls).where(eq(riskControls.riskId, id))).map((c) => c.controlId);
      const added = next.filter((c) => !prev.includes(c));
      const removed = prev.filter((c) => !next.includes(c));
      if (!added.length && !removed.length) return r;
      if (removed.length) await tx.delete(riskControls).where(and(eq(riskControls.riskId, id), inArray(riskControls.controlId, removed)));
      if (added.length) await tx.insert(riskControls).values(added.map((c) => ({ riskId: id, controlId: c, createdAt: this.ctx.clock.now(), createdBy: actor.personId })));
      const [after] = await tx.update(risks).set({ updatedAt: this.ctx.clock.now() }).where(eq(risks.id, id)).returning();
      await appendAudit(tx, this.ctx.clock, actor, { action: 'risk.controls_changed', targetType: 'risk', targetId: id, details: { ref: formatRiskRef(r.number), added, removed } });
      return after!;
    });
    return this.dto(actor, row);
  }

  /** The information security manager accepts the risk as it stands, with a reason, until a day (P32-3, P32-4). */
  async accept(actor: Actor, id: string, input: AcceptRisk): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.accept');
    const row = await this.ctx.db.transaction(async (tx) => {
      const r = await this.visibleRisk(tx, actor, id, true);
      if (r.status === 'closed') throw new AppError(409, 'RISK_NOT_ACCEPTABLE', 'A closed risk cannot be accepted.');
      if (input.expiresOn <= this.today()) throw new ValidationError('Some fields are invalid.', [{ path: 'expiresOn', message: 'must be after today' }]);
      const now = this.ctx.clock.now();
      const [after] = await tx
        .update(risks)
        .set({ status: 'accepted', treatment: r.treatment ?? 'accept', acceptedBy: actor.personId, acceptedAt: now, acceptanceRationale: input.rationale, acceptanceExpiresOn: input.expiresOn, updatedAt: now })
        .where(eq(risks.id, id))
        .returning();
      await recordAssessment(tx, this.ctx.clock, after!, 'accepted', actor.personId, input.rationale);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'risk.accepted',
        targetType: 'risk',
        targetId: id,
        details: { ref: formatRiskRef(r.number), level: after!.residualLevel ?? after!.inherentLevel, rationale: input.rationale, expiresOn: input.expiresOn },
      });
      return after!;
    });
    return this.dto(actor, row);
  }

  // ---- internals ------------------------------------------------------------------------------

  /** The risk if the actor may see it; 404 otherwise (ids cannot be probed). */
  async visibleRisk(conn: Conn, actor: Actor, id: string, lock = false): Promise<RiskRow> {
    const q = conn.select().from(risks).where(and(eq(risks.id, id), riskScope.filter(actor)));
    const [row] = lock ? await q.for('update', { of: risks }) : await q;
    if (!row) throw new NotFoundError('Risk');
    return row;
  }

  /** Every asset exists, is in use and is visible to the actor (an invisible one "does not exist"). */
  private async checkAssets(conn: Conn, actor: Actor, ids: string[]): Promise<void> {
    const wanted = [...new Set(ids)];
    const found = new Map(
      (await conn.select({ id: assets.id, status: assets.status }).from(assets).where(and(inArray(assets.id, wanted), assetScope.filter(actor)))).map((a) => [a.id, a.status]),
    );
    const problems: Problem[] = ids.flatMap((id, i) => (!found.has(id) ? [{ path: `assetIds.${i}`, message: 'does not exist' }] : found.get(id) !== 'active' ? [{ path: `assetIds.${i}`, message: 'has been disposed of' }] : []));
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
  }

  private dto(actor: Actor, r: RiskRow): Promise<RiskDto> {
    return new RiskReader(this.ctx.db).detail(actor, r, this.today());
  }
}
