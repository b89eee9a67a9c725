import { eq, sql } from 'drizzle-orm';
import { DEFAULT_RISK_MATRIX, levelOf, matrixIssues, type RiskMatrixDto, type UpdateRiskMatrix } from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { riskMatrix } from '../../db/schema/index.js';
import { AppError, ConflictError, ValidationError } from '../../errors.js';

type MatrixRow = typeof riskMatrix.$inferSelect;

const dto = (r: MatrixRow): RiskMatrixDto => ({ likelihood: r.likelihood, impact: r.impact, levels: r.levels, cells: r.cells, version: r.version, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy });

/**
 * The stored levels and sort keys of a risk with these values: each level from its cell, the
 * current level (residual once assessed), and sort keys rank × 100 + likelihood × impact.
 */
export function levelColumns(m: Pick<RiskMatrixDto, 'cells' | 'levels'>, il: number, ii: number, rl: number | null | undefined, ri: number | null | undefined) {
  const rank = (key: string | null) => (key ? (m.levels.find((l) => l.key === key)?.rank ?? 0) : 0);
  const inherentLevel = levelOf(m, il, ii)!;
  const residualLevel = rl && ri ? levelOf(m, rl, ri) : null;
  const inherentSort = rank(inherentLevel) * 100 + il * ii;
  const residualSort = residualLevel && rl && ri ? rank(residualLevel) * 100 + rl * ri : null;
  return { inherentLevel, residualLevel, currentLevel: residualLevel ?? inherentLevel, inherentSort, residualSort, currentSort: residualSort ?? inherentSort };
}

/** The matrix (the seed writes it at start; the defaults answer if it is somehow missing). */
export async function loadMatrix(conn: Conn, lock = false): Promise<RiskMatrixDto> {
  const q = conn.select().from(riskMatrix).where(eq(riskMatrix.id, 'default'));
  const [row] = lock ? await q.for('update') : await q;
  return row ? dto(row) : { ...DEFAULT_RISK_MATRIX, version: 0, updatedAt: new Date(0).toISOString(), updatedBy: null };
}

/** The largest likelihood and impact any risk uses (inherent or residual), which a smaller matrix must still hold. */
async function usedExtent(conn: Conn): Promise<{ likelihood: number; impact: number }> {
  const [r] = await queryRows<{ l: number | null; i: number | null }>(
    conn,
    sql`select greatest(max(inherent_likelihood), max(residual_likelihood)) as l, greatest(max(inherent_impact), max(residual_impact)) as i from risks`,
  );
  return { likelihood: Number(r?.l ?? 0), impact: Number(r?.i ?? 0) };
}

/**
 * Replaces the matrix and recomputes the stored inherent and residual level of every risk whose
 * level changes, recording each change in its assessment history — one statement, in the same
 * transaction as the matrix and its audit entry.
 */
/** Changes the matrix (the caller has required risk.configure). */
export async function updateMatrix(ctx: AppContext, actor: Actor, input: UpdateRiskMatrix): Promise<{ matrix: RiskMatrixDto; recomputed: number }> {
  const issues = matrixIssues(input);
  if (issues.length) throw new ValidationError('Some fields are invalid.', issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return ctx.db.transaction(async (tx) => {
    const before = await loadMatrix(tx, true);
    if (before.version !== input.version) throw new ConflictError('CONFLICT', 'Someone else changed the risk matrix meanwhile. Reload it and try again.');
    const used = await usedExtent(tx);
    if (used.likelihood > input.likelihood.length || used.impact > input.impact.length) {
      throw new AppError(409, 'RISK_MATRIX_IN_USE', 'Risks are assessed on steps the new matrix no longer has. Reassess them first.', { likelihood: used.likelihood, impact: used.impact });
    }
    const now = ctx.clock.now();
    const values = { likelihood: input.likelihood, impact: input.impact, levels: [...input.levels].sort((a, b) => a.rank - b.rank), cells: input.cells };
    const [row] = await tx
      .insert(riskMatrix)
      .values({ id: 'default', ...values, version: before.version + 1, updatedAt: now, updatedBy: actor.personId })
      .onConflictDoUpdate({ target: riskMatrix.id, set: { ...values, version: before.version + 1, updatedAt: now, updatedBy: actor.personId } })
      .returning();
    const cells = JSON.stringify(input.cells);
    const inh = sql`(m.c -> (r.inherent_likelihood - 1) ->> (r.inherent_impact - 1))`;
    const res = sql`(case when r.residual_likelihood is null then null else (m.c -> (r.residual_likelihood - 1) ->> (r.residual_impact - 1)) end)`;
    const [n] = await queryRows<{ n: number | string }>(
      tx,
      sql`with m as (select ${cells}::jsonb as c),
        changed as (
          update risks r set inherent_level = ${inh}, residual_level = ${res}, updated_at = ${now.toISOString()}::timestamptz
          from m
          where r.inherent_level is distinct from ${inh} or r.residual_level is distinct from ${res}
          returning r.id, r.inherent_likelihood, r.inherent_impact, r.inherent_level, r.treatment, r.residual_likelihood, r.residual_impact, r.residual_level, r.status
        ),
        recorded as (
          insert into risk_assessments (risk_id, kind, assessed_by, assessed_at, inherent_likelihood, inherent_impact, inherent_level, treatment, residual_likelihood, residual_impact, residual_level, status, note)
          select id, 'matrix_changed', ${actor.personId}::uuid, ${now.toISOString()}::timestamptz, inherent_likelihood, inherent_impact, inherent_level, treatment, residual_likelihood, residual_impact, residual_level, status, ${`matrix v${before.version + 1}`} from changed
          returning 1
        )
        select count(*) as n from recorded`,
    );
    const recomputed = Number(n?.n ?? 0);
    // The current level and the sort keys follow (a reordered level changes them without changing any level).
    const ranks = JSON.stringify(Object.fromEntries(values.levels.map((l) => [l.key, l.rank])));
    await tx.execute(sql`with k as (select ${ranks}::jsonb as k)
      update risks r set
        current_level = coalesce(r.residual_level, r.inherent_level),
        inherent_sort = coalesce((k.k ->> r.inherent_level)::int, 0) * 100 + r.inherent_likelihood * r.inherent_impact,
        residual_sort = case when r.residual_level is null then null else coalesce((k.k ->> r.residual_level)::int, 0) * 100 + r.residual_likelihood * r.residual_impact end,
        current_sort = coalesce((k.k ->> coalesce(r.residual_level, r.inherent_level))::int, 0) * 100 + coalesce(r.residual_likelihood, r.inherent_likelihood) * coalesce(r.residual_impact, r.inherent_impact)
      from k
      where r.current_level is distinct from coalesce(r.residual_level, r.inherent_level)
         or r.inherent_sort is distinct from coalesce((k.k ->> r.inherent_level)::int, 0) * 100 + r.inherent_likelihood * r.inherent_impact
         or r.residual_sort is distinct from (case when r.residual_level is null then null else coalesce((k.k ->> r.residual_level)::int, 0) * 100 + r.residual_likelihood * r.residual_impact end)`);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'risk_matrix.updated',
      targetType: 'risk_matrix',
      targetId: 'default',
      details: {
        version: before.version + 1,
        recomputed,
        before: { likelihood: before.likelihood.length, impact: before.impact.length, levels: before.levels.map((l) => l.key), cells: before.cells },
        after: { likelihood: input.likelihood.length, impact: input.impact.length, levels: values.levels.map((l) => l.key), cells: input.cells },
      },
    });
    return { matrix: dto(row!), recomputed };
  });
}
