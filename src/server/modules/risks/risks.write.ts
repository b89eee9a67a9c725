import type { CreateRisk, RiskMatrixDto } from '../../../shared/risks.js';
import { formatRiskRef } from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Clock } from '../../clock.js';
import type { Conn } from '../../db/client.js';
import { riskAssessments, riskAssets, risks, riskVulnerabilities } from '../../db/schema/index.js';
import { ValidationError } from '../../errors.js';
import type { ThreatRow } from './catalogue.service.js';
import { activePersonExists, type RiskRow } from './risks.read.js';
import { levelColumns } from './risk-matrix.js';

/**
 * What every change to the register shares: registering a risk, recording a row of its
 * assessment history, the values an audit entry records, and the checks of the matrix's scales
 * and of the owner. Used by the register (risks.service.ts), proposals (risks.proposals.ts) and
 * the acceptance expiry (risks.expiry.ts).
 */

export type Problem = { path: string; message: string };

/** The values an audit entry records for an assessment. */
export function assessmentValues(r: RiskRow) {
  return {
    inherent: [r.inherentLikelihood, r.inherentImpact, r.inherentLevel],
    treatment: r.treatment,
    residual: r.residualLikelihood ? [r.residualLikelihood, r.residualImpact, r.residualLevel] : null,
    status: r.status,
  };
}

/** Values outside the matrix's scales. */
export function scaleProblems(m: RiskMatrixDto, checks: [string, number | null | undefined, 'likelihood' | 'impact'][]): Problem[] {
  return checks.flatMap(([path, v, axis]) => (v != null && v > m[axis].length ? [{ path, message: `must be between 1 and ${m[axis].length}` }] : []));
}

/** The owner, when one is given, is an active person (a 400 on `ownerPersonId` otherwise). */
export async function checkOwner(conn: Conn, id: string | null | undefined): Promise<void> {
  if (id && !(await activePersonExists(conn, id))) throw new ValidationError('Some fields are invalid.', [{ path: 'ownerPersonId', message: 'does not exist' }]);
}

/** One row of the assessment history: the risk's values as they are now. */
export async function recordAssessment(tx: Conn, clock: Clock, r: RiskRow, kind: string, by: string | null, note: string | null): Promise<void> {
  await tx.insert(riskAssessments).values({
    riskId: r.id,
    kind,
    assessedBy: by,
    assessedAt: clock.now(),
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

/** Registers a risk (checked by the caller): the row, its assets and vulnerabilities, the first history row, the audit entry. */
export async function insertRisk(tx: Conn, clock: Clock, actor: Actor, m: RiskMatrixDto, threat: ThreatRow, input: CreateRisk & { source: 'manual' | 'proposal' }): Promise<RiskRow> {
  const now = clock.now();
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
  await recordAssessment(tx, clock, row!, 'created', actor.personId, null);
  await appendAudit(tx, clock, actor, {
    action: 'risk.created',
    targetType: 'risk',
    targetId: row!.id,
    details: { ref: formatRiskRef(row!.number), threat: threat.code, assetIds: input.assetIds, vulnerabilityIds: vulns, source: input.source, ...assessmentValues(row!) },
  });
  return row!;
}
