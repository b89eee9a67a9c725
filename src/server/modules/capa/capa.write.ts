import { and, eq } from 'drizzle-orm';
import type { ActionStatus, RiskChange } from '../../../shared/capa.js';
import type { RiskTreatment } from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { riskScope } from '../../authz/scopes/risks.js';
import type { Clock } from '../../clock.js';
import type { AppContext } from '../../context.js';
import type { Conn, Db } from '../../db/client.js';
import { controls, incidentEvents, riskControls, risks } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { activePersonExists, loadMatrix, RisksService } from '../risks/public.js';
import type { ActionRow } from './capa.read.js';

/**
 * What the changes to actions share: where a status may go, the checks of an owner and of a
 * linked risk's proposed change, the timeline entry each change writes, and applying a verified
 * action's change to its risk.
 */

export type Problem = { path: string; message: string };

/** Where each status may go by a PATCH (verified comes only from the effectiveness check). */
export const NEXT: Record<ActionStatus, readonly ActionStatus[]> = {
  open: ['in_progress', 'done', 'accepted', 'cancelled'],
  in_progress: ['open', 'done', 'accepted', 'cancelled'],
  done: ['in_progress', 'accepted', 'cancelled'],
  verified: [],
  accepted: [],
  cancelled: [],
};
/** What an owner may do to their own action: move it along, nothing else. */
export const OWNER_STATUSES: readonly ActionStatus[] = ['open', 'in_progress', 'done'];
export const MANAGER_FIELDS = ['kind', 'title', 'description', 'ownerId', 'dueOn', 'riskId', 'riskChange'] as const;

export const versionConflict = () => new AppError(409, 'CAPA_VERSION_CONFLICT', 'Someone else changed this in the meantime. Reload and try again.');
export const stateError = (message: string) => new AppError(409, 'CAPA_ACTION_STATE', message);

/**
 * Applies a verified action's proposed change to its risk through the risk service, in this
 * transaction: a new residual likelihood × impact (a new assessment in the risk's history, with a
 * note naming the action) and/or a linked control; with no change proposed, the risk is marked
 * "needs review". The checker acts, so their own rights on the risk apply.
 */
export async function applyToRisk(ctx: AppContext, tx: Conn, actor: Actor, a: ActionRow): Promise<string> {
  const svc = new RisksService({ ...ctx, db: tx as unknown as Db });
  const c = a.riskChange ?? {};
  const note = `${a.ref}: ${a.title}`;
  try {
    const risk = await svc.visibleRisk(tx, actor, a.riskId!);
    const done: string[] = [];
    if (c.residualLikelihood != null && c.residualImpact != null) {
      await svc.assess(actor, risk.id, {
        inherentLikelihood: risk.inherentLikelihood,
        inherentImpact: risk.inherentImpact,
        treatment: (risk.treatment ?? 'reduce') as RiskTreatment,
        residualLikelihood: c.residualLikelihood,
        residualImpact: c.residualImpact,
        note: `${note}（有効性確認済み / verified effective）`,
      });
      done.push('residual');
    }
    if (c.controlId) {
      const linked = (await tx.select({ id: riskControls.controlId }).from(riskControls).where(eq(riskControls.riskId, risk.id))).map((r) => r.id);
      if (!linked.includes(c.controlId)) await svc.setControls(actor, risk.id, { controlIds: [...linked, c.controlId] });
      done.push('control');
    }
    if (!done.length) {
      await svc.update(actor, risk.id, { status: 'needs_review' });
      done.push('needs_review');
    }
    return done.join('+');
  } catch (e) {
    if (e instanceof NotFoundError) throw new AppError(409, 'CAPA_RISK_UNAVAILABLE', 'The linked risk is not visible to you; ask the information security manager to check this action.');
    throw e;
  }
}

/** The owner is an active person. */
export async function ownerProblems(conn: Conn, ownerId: string): Promise<Problem[]> {
  return (await activePersonExists(conn, ownerId)) ? [] : [{ path: 'ownerId', message: 'does not exist' }];
}

/** The risk exists and the actor sees it; the proposed values fit the matrix; the control exists. */
export async function riskProblems(conn: Conn, actor: Actor, riskId: string | null, change: RiskChange | null, checkRisk = true): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (riskId && checkRisk) {
    const [r] = await conn.select({ id: risks.id }).from(risks).where(and(eq(risks.id, riskId), riskScope.filter(actor)));
    if (!r) problems.push({ path: 'riskId', message: 'does not exist' });
  }
  if (change && riskId) {
    const m = await loadMatrix(conn);
    if (change.residualLikelihood != null && change.residualLikelihood > m.likelihood.length) problems.push({ path: 'riskChange.residualLikelihood', message: `must be between 1 and ${m.likelihood.length}` });
    if (change.residualImpact != null && change.residualImpact > m.impact.length) problems.push({ path: 'riskChange.residualImpact', message: `must be between 1 and ${m.impact.length}` });
    if (change.controlId) {
      const [c] = await conn.select({ id: controls.id }).from(controls).where(eq(controls.id, change.controlId));
      if (!c) problems.push({ path: 'riskChange.controlId', message: 'does not exist' });
    }
  }
  return problems;
}

/** Writes an entry on the incident's timeline (now, by the actor). */
export async function recordEvent(tx: Conn, clock: Clock, actor: Actor, incidentId: string, type: 'action' | 'decision' | 'note', text: string, data: Record<string, unknown>): Promise<void> {
  const now = clock.now();
  await tx.insert(incidentEvents).values({ incidentId, type, at: now, recordedAt: now, actorId: actor.personId, text: text.slice(0, 5000), data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> });
}
