import { and, asc, count, eq, exists, inArray, sql } from 'drizzle-orm';
import { CLAUSES } from '../../../shared/clauses.js';
import type { ControlDto, ControlFamily, ControlStatus, ControlSummaryDto, EvidenceDto, EvidenceState, OwnerKind, RiskRef } from '../../../shared/controls.js';
import type { Actor } from '../../authz/actor.js';
import type { Conn } from '../../db/client.js';
import { assets, controlClauses, controlEvidence, controlLaws, controls, laws, people, riskAssets, riskControls, riskMatrix, risks, threats, units } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { bestState, evidenceState } from './evidence-store.js';

/**
 * Reading the control catalogue: a control's row, the list's summaries, the whole catalogue for
 * the SoA and the clause map, a control's page (with the risks the reader may see) and its
 * evidence; and the orders the catalogue is shown in.
 */

export type ControlRow = typeof controls.$inferSelect;
type EvidenceRow = typeof controlEvidence.$inferSelect;

const personName = (p: { fj: string | null; gj: string | null; fe: string | null; ge: string | null }) => ({
  nameJa: `${p.fj ?? ''} ${p.gj ?? ''}`.trim(),
  nameEn: `${p.ge ?? ''} ${p.fe ?? ''}`.trim(),
});

/** A control by id (404 otherwise), locked for update when `lock`. */
export async function controlRow(conn: Conn, id: string, lock = false): Promise<ControlRow> {
  const q = conn.select().from(controls).where(eq(controls.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('Control');
  return row;
}

/** The list rows: owner unit, clause ids, evidence state (on `now`), linked risks count. */
export async function controlSummaries(conn: Conn, rows: ControlRow[], now: Date): Promise<ControlSummaryDto[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const unitIds = [...new Set(rows.map((r) => r.ownerUnitId).filter((x): x is string => !!x))];
  const [unitRows, clauseRows, evidenceRows, riskRows] = await Promise.all([
    unitIds.length ? conn.select({ id: units.id, code: units.code, nameJa: units.nameJa, nameEn: units.nameEn }).from(units).where(inArray(units.id, unitIds)) : [],
    conn.select().from(controlClauses).where(inArray(controlClauses.controlId, ids)),
    conn.select({ controlId: controlEvidence.controlId, validUntil: controlEvidence.validUntil }).from(controlEvidence).where(inArray(controlEvidence.controlId, ids)),
    conn.select({ controlId: riskControls.controlId, n: count() }).from(riskControls).where(inArray(riskControls.controlId, ids)).groupBy(riskControls.controlId),
  ]);
  const unitOf = new Map(unitRows.map((u) => [u.id, u]));
  const clausesOf = groupBy(clauseRows, (c) => c.controlId);
  const evidenceOf = groupBy(evidenceRows, (e) => e.controlId);
  const risksOf = new Map(riskRows.map((r) => [r.controlId, Number(r.n)]));
  return rows.map((r) => {
    const ev = evidenceOf.get(r.id) ?? [];
    return {
      id: r.id,
      code: r.code,
      family: r.family as ControlFamily,
      titleJa: r.titleJa,
      titleEn: r.titleEn,
      status: r.status as ControlStatus,
      applicable: r.applicable,
      isoRefs: r.isoRefs,
      ownerUnit: r.ownerUnitId ? (unitOf.get(r.ownerUnitId) ?? null) : null,
      defaultOwnerKind: (r.defaultOwnerKind as OwnerKind | null) ?? null,
      clauseIds: sortClauses((clausesOf.get(r.id) ?? []).map((c) => c.clauseId)),
      evidenceState: bestState(ev.map((e) => evidenceState(e.validUntil, now))),
      evidenceCount: ev.length,
      riskCount: risksOf.get(r.id) ?? 0,
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

/** Every control as the SoA and the clause map show it. */
export async function allControls(conn: Conn, now: Date): Promise<(ControlSummaryDto & { row: ControlRow })[]> {
  const rows = await conn.select().from(controls).orderBy(asc(controls.code));
  const s = await controlSummaries(conn, rows, now);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return sortByFamily(s).map((x) => ({ ...x, row: byId.get(x.id)! }));
}

/** A control as its page shows it: the summary, owner, laws, the risks the actor may see, the evidence. */
export async function controlDetail(conn: Conn, actor: Actor, row: ControlRow, now: Date): Promise<ControlDto> {
  const [summary] = await controlSummaries(conn, [row], now);
  const [owner] = row.ownerPersonId
    ? await conn.select({ id: people.id, fj: people.familyNameJa, gj: people.givenNameJa, fe: people.familyNameEn, ge: people.givenNameEn }).from(people).where(eq(people.id, row.ownerPersonId))
    : [];
  const lawRows = await conn
    .select({ id: laws.id, titleJa: laws.titleJa, titleEn: laws.titleEn })
    .from(controlLaws)
    .innerJoin(laws, eq(laws.id, controlLaws.lawId))
    .where(eq(controlLaws.controlId, row.id))
    .orderBy(asc(laws.titleJa));
  const riskList = await risksOf(conn, actor, row.id);
  return {
    ...summary!,
    descriptionJa: row.descriptionJa,
    descriptionEn: row.descriptionEn,
    justificationJa: row.justificationJa,
    justificationEn: row.justificationEn,
    ownerPerson: owner ? { id: owner.id, ...personName(owner) } : null,
    laws: lawRows,
    risks: riskList.visible,
    hiddenRiskCount: riskList.hidden,
    evidence: await evidenceOf(conn, row.id, now),
    seeded: row.seeded,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The control's risks the actor may see (those about an asset they may see), and how many others there are. */
async function risksOf(conn: Conn, actor: Actor, controlId: string): Promise<{ visible: RiskRef[]; hidden: number }> {
  const [total] = await conn.select({ n: count() }).from(riskControls).where(eq(riskControls.controlId, controlId));
  const seen = assetScope.filter(actor);
  const rows = await conn
    .select({ id: risks.id, number: risks.number, title: risks.title, tJa: threats.nameJa, tEn: threats.nameEn, residual: risks.residualLevel, inherent: risks.inherentLevel })
    .from(riskControls)
    .innerJoin(risks, eq(risks.id, riskControls.riskId))
    .innerJoin(threats, eq(threats.id, risks.threatId))
    .where(
      and(
        eq(riskControls.controlId, controlId),
        seen ? exists(conn.select({ x: sql`1` }).from(riskAssets).innerJoin(assets, eq(assets.id, riskAssets.assetId)).where(and(eq(riskAssets.riskId, risks.id), seen))) : undefined,
      ),
    )
    .orderBy(asc(risks.number));
  const [matrix] = rows.length ? await conn.select({ levels: riskMatrix.levels }).from(riskMatrix).limit(1) : [];
  const levelOf = new Map((matrix?.levels ?? []).map((l) => [l.key, l]));
  const visible = rows.map((r) => {
    const key = r.residual ?? r.inherent;
    const l = levelOf.get(key);
    return {
      id: r.id,
      label: `R-${String(r.number).padStart(6, '0')}`,
      titleJa: r.title ?? r.tJa,
      titleEn: r.title ?? r.tEn,
      level: l ? { key: l.key, nameJa: l.nameJa, nameEn: l.nameEn, color: l.color } : key ? { key, nameJa: key, nameEn: key, color: 'gray' } : null,
    };
  });
  return { visible, hidden: Number(total?.n ?? 0) - visible.length };
}

/** The control's evidence (its state on `now`), newest first; `only` one item. */
export async function evidenceOf(conn: Conn, controlId: string, now: Date, only?: string): Promise<EvidenceDto[]> {
  const rows = await conn
    .select({ e: controlEvidence, fj: people.familyNameJa, gj: people.givenNameJa, fe: people.familyNameEn, ge: people.givenNameEn })
    .from(controlEvidence)
    .leftJoin(people, eq(people.id, controlEvidence.uploadedBy))
    .where(and(eq(controlEvidence.controlId, controlId), only ? eq(controlEvidence.id, only) : undefined))
    .orderBy(sql`${controlEvidence.uploadedAt} desc`, asc(controlEvidence.id));
  return rows.map(({ e, ...p }) => evidenceDto(e, e.uploadedBy ? { id: e.uploadedBy, ...personName(p) } : null, now));
}

export function evidenceDto(e: EvidenceRow, uploadedBy: EvidenceDto['uploadedBy'], now: Date): EvidenceDto {
  return {
    id: e.id,
    controlId: e.controlId,
    fileName: e.fileName,
    contentType: e.contentType,
    size: e.size,
    sha256: e.sha256,
    description: e.description,
    validUntil: e.validUntil,
    state: evidenceState(e.validUntil, now) as EvidenceState,
    uploadedBy,
    uploadedAt: e.uploadedAt.toISOString(),
  };
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** "5.9" before "5.10". */
export function compareIso(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1! - b1! || a2! - b2!;
}

const FAMILY_ORDER: Record<string, number> = { physical: 0, human: 1, technical: 2, operational: 3 };
/** Physical, human, technical, operational (P32-5's order), then by code with numbers compared as numbers. */
export function sortByFamily<T extends { family: string; code: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (FAMILY_ORDER[a.family] ?? 9) - (FAMILY_ORDER[b.family] ?? 9) || a.code.localeCompare(b.code, 'en', { numeric: true }));
}

/** Clause ids in the policy's order. */
export function sortClauses(ids: string[]): string[] {
  const order = (id: string) => CLAUSE_ORDER.get(id) ?? 999;
  return [...ids].sort((a, b) => order(a) - order(b));
}
const CLAUSE_ORDER = new Map(CLAUSES.map((c, i) => [c.id, i]));
