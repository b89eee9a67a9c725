import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { OPEN_VIOLATION_STATUSES, type AppealOutcome, type SanctionEffect, type ViolationDto, type ViolationStatus, type ViolationSummary } from '../../../shared/violations.js';
import type { Actor } from '../../authz/actor.js';
import { violationScope } from '../../authz/scopes/violations.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { personRefs, type PersonRef } from '../../db/person-refs.js';
import { incidents, sanctionTypes, violationCases, violationEvidence, violationInvestigators, violationNotes } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';

export type CaseRow = typeof violationCases.$inferSelect;

/** Cases still being worked on, for the manager's home page (0 for anyone who may not manage cases). */
export async function countOpenViolations(ctx: AppContext, actor: Actor): Promise<number> {
  if (!ctx.authz.can(actor, 'violation.manage')) return 0;
  const [r] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(violationCases)
    .where(inArray(violationCases.status, [...OPEN_VIOLATION_STATUSES]));
  return Number(r?.n ?? 0);
}

/** The case if the actor may see it; 404 otherwise (ids cannot be probed). */
export async function visibleCase(conn: Conn, actor: Actor, id: string, lock = false): Promise<CaseRow> {
  const q = conn.select().from(violationCases).where(and(eq(violationCases.id, id), violationScope.filter(actor)));
  const [row] = lock ? await q.for('update', { of: violationCases }) : await q;
  if (!row) throw new NotFoundError('Violation case');
  return row;
}

export async function sanctionNames(conn: Conn, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, typeof sanctionTypes.$inferSelect>();
  return new Map((await conn.select().from(sanctionTypes).where(inArray(sanctionTypes.id, wanted))).map((s) => [s.id, s]));
}


/** One case with its investigators, notes, evidence, decision and appeal (visibility checked by the caller). */
export async function caseDto(conn: Conn, canManage: boolean, r: CaseRow): Promise<ViolationDto> {
  const [inv, notes, evidence, sanctions, incident] = await Promise.all([
    conn.select({ id: violationInvestigators.personId }).from(violationInvestigators).where(eq(violationInvestigators.caseId, r.id)).orderBy(asc(violationInvestigators.addedAt)),
    conn.select().from(violationNotes).where(eq(violationNotes.caseId, r.id)).orderBy(asc(violationNotes.at), asc(violationNotes.id)),
    conn.select().from(violationEvidence).where(eq(violationEvidence.caseId, r.id)).orderBy(asc(violationEvidence.uploadedAt)),
    sanctionNames(conn, [r.sanctionTypeId]),
    r.incidentId ? conn.select({ id: incidents.id, ref: incidents.ref, title: incidents.title }).from(incidents).where(eq(incidents.id, r.incidentId)) : Promise.resolve([]),
  ]);
  const refs = await personRefs(conn, [r.subjectId, r.decidedBy, ...inv.map((i) => i.id), ...notes.map((n) => n.authorId), ...evidence.map((e) => e.uploadedBy)]);
  const ref = (id: string | null) => (id ? (refs.get(id) ?? null) : null);
  const s = r.sanctionTypeId ? sanctions.get(r.sanctionTypeId) : undefined;
  return {
    ...summary(r, refs, sanctions),
    facts: r.facts,
    intent: r.intent as ViolationDto['intent'],
    repeated: r.repeated,
    harm: r.harm as ViolationDto['harm'],
    cooperation: r.cooperation as ViolationDto['cooperation'],
    circumstancesNote: r.circumstancesNote,
    incident: incident[0] ?? null,
    investigators: inv.map((i) => refs.get(i.id)).filter((x): x is PersonRef => !!x),
    notes: notes.map((n) => ({ id: n.id, at: n.at.toISOString(), author: ref(n.authorId), text: n.text })),
    evidence: evidence.map((e) => ({ id: e.id, fileName: e.fileName, contentType: e.contentType, size: e.size, sha256: e.sha256, description: e.description, uploadedBy: ref(e.uploadedBy), uploadedAt: e.uploadedAt.toISOString() })),
    decision:
      s && r.decidedOn && r.decidedAt
        ? {
            sanction: { id: s.id, nameJa: s.nameJa, nameEn: s.nameEn, effect: s.effect as SanctionEffect },
            decidedOn: r.decidedOn,
            rationale: r.rationale ?? '',
            decidedBy: ref(r.decidedBy),
            decidedAt: r.decidedAt.toISOString(),
            noticeSentAt: r.noticeSentAt?.toISOString() ?? null,
            accountSuspended: r.accountSuspended,
          }
        : null,
    appeal:
      r.appealReceivedOn && r.appealRecordedAt
        ? { receivedOn: r.appealReceivedOn, note: r.appealNote ?? '', outcome: r.appealOutcome as AppealOutcome | null, outcomeNote: r.appealOutcomeNote ?? '', recordedAt: r.appealRecordedAt.toISOString() }
        : null,
    version: r.version,
    canManage,
  };
}

export function summary(r: CaseRow, refs: Map<string, PersonRef>, sanctions: Map<string, typeof sanctionTypes.$inferSelect>): ViolationSummary {
  const s = r.sanctionTypeId ? sanctions.get(r.sanctionTypeId) : undefined;
  return {
    id: r.id,
    ref: r.ref,
    subject: refs.get(r.subjectId) ?? { id: r.subjectId, nameJa: '', nameEn: '' },
    clauseIds: r.clauseIds,
    severity: r.severity as ViolationSummary['severity'],
    status: r.status as ViolationStatus,
    sanction: s ? { id: s.id, nameJa: s.nameJa, nameEn: s.nameEn } : null,
    decidedOn: r.decidedOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
