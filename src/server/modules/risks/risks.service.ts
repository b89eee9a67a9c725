import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import {
  appliesTo,
  levelOf,
  type AcceptProposal,
  type AcceptRisk,
  type AssessRisk,
  type CreateRisk,
  type ListRisksQuery,
  type RiskDto,
  type RiskFilters,
  type RiskHeatmapDto,
  type RiskMatrixDto,
  type RiskPage,
  type RiskProposalDto,
  type RiskStatus,
  type SetRiskControls,
  type ThreatSource,
  type UpdateRisk,
  type UpdateRiskMatrix,
} from '../../../shared/risks.js';
import { formatRiskRef } from '../../../shared/risks.js';
import { systemActor, type Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { assets, controls, people, riskAssessments, riskAssets, riskControls, risks, riskVulnerabilities, roleAssignments, threats } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { CatalogueService, catalogueRef, type ThreatRow } from './catalogue.service.js';
import { acceptanceExpiredMail } from './risks.mail.js';
import { addDays, tokyoToday } from '../../calendar.js';
import { definedOnly } from './risks.common.js';
import { activePersonExists, RiskReader, type RiskRow } from './risks.read.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { riskScope } from '../../authz/scopes/risks.js';
import { levelColumns, loadMatrix, updateMatrix } from './risk-matrix.js';

type AssetRow = typeof assets.$inferSelect;
type Problem = { path: string; message: string };

/** Treatments that change the risk (work to do), as opposed to keeping it. */
const ACTIVE_TREATMENTS = ['reduce', 'avoid', 'transfer'];

/**
 * The risk register (P32-4): a risk is asset(s) × threat × vulnerabilities, assessed on the
 * matrix (inherent), treated with controls, assessed again (residual), accepted by the
 * information security manager until a day, and reviewed. Every assessment is kept. A risk is
 * visible to whoever may see one of its assets; out of scope it answers 404.
 */
export class RisksService {
  readonly catalogue: CatalogueService;
  constructor(private readonly ctx: AppContext) {
    this.catalogue = new CatalogueService(ctx);
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
      await this.checkOwner(tx, input.ownerPersonId);
      return this.insert(tx, actor, m, threat, { ...input, source: 'manual' });
    });
    return this.dto(actor, row);
  }

  async update(actor: Actor, id: string, input: UpdateRisk): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const before = await this.visibleRisk(tx, actor, id, true);
      const changes: { field: string; before: unknown; after: unknown }[] = [];
      if (input.threatId && input.threatId !== before.threatId) await this.catalogue.activeThreat(tx, input.threatId, 'threatId');
      await this.checkOwner(tx, input.ownerPersonId);
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
      await this.record(tx, after!, 'assessed', actor.personId, input.note ?? null);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'risk.assessed',
        targetType: 'risk',
        targetId: id,
        details: { ref: formatRiskRef(before.number), before: values(before), after: values(after!), note: input.note ?? null },
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
      await this.record(tx, after!, 'accepted', actor.personId, input.rationale);
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

  // ---- proposals ---------------------------------------------------------------------------------

  /** The usual risks for an asset (by its kind, type and category) that are not registered for it yet. */
  async proposals(actor: Actor, assetId: string): Promise<RiskProposalDto[]> {
    await this.ctx.authz.require(actor, 'risk.read');
    const asset = await this.visibleAsset(this.ctx.db, actor, assetId);
    if (asset.status !== 'active') return [];
    const [m, all, registered] = await Promise.all([
      loadMatrix(this.ctx.db),
      this.ctx.db.select().from(threats).where(isNull(threats.retiredAt)).orderBy(asc(threats.code)),
      this.registeredThreats(this.ctx.db, assetId),
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
  async acceptProposal(actor: Actor, assetId: string, threatId: string, input: AcceptProposal): Promise<RiskDto> {
    await this.ctx.authz.require(actor, 'risk.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const asset = await this.visibleAsset(tx, actor, assetId, true);
      if (asset.status !== 'active') throw new AppError(409, 'RISK_NOT_ACCEPTABLE', 'The asset has been disposed of.');
      const [threat] = await tx.select().from(threats).where(and(eq(threats.id, threatId), isNull(threats.retiredAt)));
      if (!threat) throw new NotFoundError('Threat');
      if ((await this.registeredThreats(tx, assetId)).has(threatId)) throw new AppError(409, 'RISK_DUPLICATE', 'This risk is already registered for the asset.');
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
      await this.checkOwner(tx, input.ownerPersonId);
      return this.insert(tx, actor, m, threat, {
        assetIds: [assetId],
        threatId,
        vulnerabilityIds,
        ownerPersonId: input.ownerPersonId === undefined ? asset.ownerPersonId : input.ownerPersonId,
        inherentLikelihood: likelihood,
        inherentImpact: impact,
        // A proposed risk is looked at again within a year (P32-8).
        nextReviewDate: addDays(this.today(), 365),
        source: 'proposal',
      });
    });
    return this.dto(actor, row);
  }

  // ---- the acceptance expiry job -------------------------------------------------------------------

  /**
   * Acceptances past their expiry day (Japan time) put the risk back to "needs review", record it
   * in the history and the audit log, and tell each owner (or, for risks without one, the
   * information security manager) by email. Each risk is claimed by a conditional update, so two
   * nodes never expire one twice.
   */
  async expireAcceptances(now: Date): Promise<{ expired: number; told: number }> {
    const today = tokyoToday(now);
    const system = systemActor('risk acceptance job');
    const result = await this.ctx.db.transaction(async (tx) => {
      const due = await tx
        .update(risks)
        .set({ status: 'needs_review', updatedAt: now })
        .where(and(eq(risks.status, 'accepted'), lt(risks.acceptanceExpiresOn, today)))
        .returning();
      if (!due.length) return { expired: 0, told: 0 };
      const threatNames = new Map((await tx.select().from(threats).where(inArray(threats.id, [...new Set(due.map((r) => r.threatId))]))).map((t) => [t.id, t]));
      for (const r of due) {
        await this.record(tx, r, 'acceptance_expired', null, `acceptance expired ${r.acceptanceExpiresOn}`);
        await appendAudit(tx, this.ctx.clock, system, { action: 'risk.acceptance_expired', targetType: 'risk', targetId: r.id, details: { ref: formatRiskRef(r.number), expiresOn: r.acceptanceExpiresOn, ownerPersonId: r.ownerPersonId } });
      }
      const byOwner = new Map<string | null, RiskRow[]>();
      for (const r of due) byOwner.set(r.ownerPersonId, [...(byOwner.get(r.ownerPersonId) ?? []), r]);
      const recipients = async (ownerId: string | null) =>
        ownerId
          ? tx.select({ id: people.id, email: people.email, language: people.language }).from(people).where(and(eq(people.id, ownerId), eq(people.active, true)))
          : tx
              .selectDistinct({ id: people.id, email: people.email, language: people.language })
              .from(roleAssignments)
              .innerJoin(people, eq(people.id, roleAssignments.personId))
              .where(and(eq(people.active, true), eq(roleAssignments.role, 'security_manager')));
      let told = 0;
      for (const [ownerId, list] of byOwner) {
        for (const p of await recipients(ownerId)) {
          const line = (lang: 'ja' | 'en') => list.map((r) => `- ${formatRiskRef(r.number)} ${r.title ?? (lang === 'ja' ? threatNames.get(r.threatId)?.nameJa : threatNames.get(r.threatId)?.nameEn) ?? ''}（${r.acceptanceExpiresOn}）`).join('\n');
          await this.ctx.mailer.enqueue(tx, {
            to: p.email,
            personId: p.id,
            language: p.language,
            template: acceptanceExpiredMail,
            params: { count: list.length, listJa: line('ja'), listEn: line('en').replaceAll('（', ' (').replaceAll('）', ')'), link: `${this.ctx.config.publicUrl}/risks?status=needs_review` },
          });
          told++;
        }
      }
      return { expired: due.length, told };
    });
    if (result.told) this.ctx.mailer.kick();
    return result;
  }

  // ---- internals ------------------------------------------------------------------------------

  /** The risk if the actor may see it; 404 otherwise (ids cannot be probed). */
  async visibleRisk(conn: Conn, actor: Actor, id: string, lock = false): Promise<RiskRow> {
    const q = conn.select().from(risks).where(and(eq(risks.id, id), riskScope.filter(actor)));
    const [row] = lock ? await q.for('update', { of: risks }) : await q;
    if (!row) throw new NotFoundError('Risk');
    return row;
  }

  private async visibleAsset(conn: Conn, actor: Actor, id: string, lock = false): Promise<AssetRow> {
    const q = conn.select().from(assets).where(and(eq(assets.id, id), assetScope.filter(actor)));
    const [row] = lock ? await q.for('update', { of: assets }) : await q;
    if (!row) throw new NotFoundError('Asset');
    return row;
  }

  /** Threats already registered as a risk for the asset. */
  private async registeredThreats(conn: Conn, assetId: string): Promise<Set<string>> {
    const rows = await conn.selectDistinct({ id: risks.threatId }).from(riskAssets).innerJoin(risks, eq(risks.id, riskAssets.riskId)).where(eq(riskAssets.assetId, assetId));
    return new Set(rows.map((r) => r.id));
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

  private async checkOwner(conn: Conn, id: string | null | undefined): Promise<void> {
    if (id && !(await activePersonExists(conn, id))) throw new ValidationError('Some fields are invalid.', [{ path: 'ownerPersonId', message: 'does not exist' }]);
  }

  private async insert(tx: Conn, actor: Actor, m: RiskMatrixDto, threat: ThreatRow, input: CreateRisk & { source: 'manual' | 'proposal' }): Promise<RiskRow> {
    const now = this.ctx.clock.now();
    const [row] = await tx
      .insert(risks)
      .values({
        threatId: threat.id,
        title: input.title ?? null,
        description: input.description ?? null,
        ownerPersonId: input.ownerPersonId ?? null,
        inherentLikelihood: input.inherentLikelihood,
        inherentImpact: input.inherentImpact,
        ...levelColumns(m, input.inherentLikelihood, input.inherentImpact, null, null),
        dueDate: input.dueDate ?? null,
        nextReviewDate: input.nextReviewDate ?? null,
        status: 'open',
        source: input.source,
        createdBy: actor.personId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(riskAssets).values([...new Set(input.assetIds)].map((a) => ({ riskId: row!.id, assetId: a })));
    const vulns = [...new Set(input.vulnerabilityIds)];
    if (vulns.length) await tx.insert(riskVulnerabilities).values(vulns.map((v) => ({ riskId: row!.id, vulnerabilityId: v })));
    await this.record(tx, row!, 'created', actor.personId, null);
    await appendAudit(tx, this.ctx.clock, actor, {
      action: 'risk.created',
      targetType: 'risk',
      targetId: row!.id,
      details: { ref: formatRiskRef(row!.number), threat: threat.code, assetIds: input.assetIds, vulnerabilityIds: vulns, source: input.source, ...values(row!) },
    });
    return row!;
  }

  /** One row of the assessment history: the risk's values as they are now. */
  private async record(tx: Conn, r: RiskRow, kind: string, by: string | null, note: string | null): Promise<void> {
    await tx.insert(riskAssessments).values({
      riskId: r.id,
      kind,
      assessedBy: by,
      assessedAt: this.ctx.clock.now(),
      inherentLikelihood: r.inherentLikelihood,
      inherentImpact: r.inherentImpact,
      inherentLevel: r.inherentLevel,
      treatment: r.treatment,
      residualLikelihood: r.residualLikelihood,
      residualImpact: r.residualImpact,
      residualLevel: r.residualLevel,
      status: r.status,
      note,
    });
  }

  private dto(actor: Actor, r: RiskRow): Promise<RiskDto> {
    return new RiskReader(this.ctx.db).detail(actor, r, this.today());
  }
}

/** The values an audit entry records for an assessment. */
function values(r: RiskRow) {
  return {
    inherent: [r.inherentLikelihood, r.inherentImpact, r.inherentLevel],
    treatment: r.treatment,
    residual: r.residualLikelihood ? [r.residualLikelihood, r.residualImpact, r.residualLevel] : null,
    status: r.status,
  };
}

/** Values outside the matrix's scales. */
function scaleProblems(m: RiskMatrixDto, checks: [string, number | null | undefined, 'likelihood' | 'impact'][]): Problem[] {
  return checks.flatMap(([path, v, axis]) => (v != null && v > m[axis].length ? [{ path, message: `must be between 1 and ${m[axis].length}` }] : []));
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
