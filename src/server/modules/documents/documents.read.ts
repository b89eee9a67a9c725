import { and, desc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { ApproveBlock, DocumentListItem, FileInfo, VersionDto, VersionSummary } from '../../../shared/documents.js';
import type { Actor } from '../../authz/actor.js';
import { can, rolesAllowed } from '../../authz/policy.js';
import { documentScope, PUBLIC_STATUSES, readsAllDocuments } from '../../authz/scopes/documents.js';
import type { Conn } from '../../db/client.js';
import { documentAcknowledgments, documentCommitteeApprovals, documentFiles, documents, documentVersions, people, roleAssignments, units } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { personRefs, type PersonRef } from '../../db/person-refs.js';

export type DocRow = typeof documents.$inferSelect;
export type VersionRow = typeof documentVersions.$inferSelect;

const isPublic = (s: string) => (PUBLIC_STATUSES as readonly string[]).includes(s);

export const readsAll = readsAllDocuments;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const summary = (v: VersionRow | undefined | null): VersionSummary | null =>
  v ? { id: v.id, version: v.version, status: v.status as VersionSummary['status'], effectiveFrom: v.effectiveFrom, historical: v.historical } : null;

/** Newest first: by creation, the history entries by their date. */
export const newestFirst = (a: VersionRow, b: VersionRow) => (b.effectiveFrom ?? '9999').localeCompare(a.effectiveFrom ?? '9999') || b.createdAt.getTime() - a.createdAt.getTime();

/** The documents a person sees, of these (the document scope, src/server/authz/scopes/documents.ts). */
export function visibleDocs(actor: Actor, rows: DocRow[], versionsOf: Map<string, VersionRow[]>): DocRow[] {
  return rows.filter((d) => documentScope.allows(actor, { ...d, versionStatuses: (versionsOf.get(d.id) ?? []).map((v) => v.status) }));
}

export async function versionsByDoc(conn: Conn, docIds: string[]): Promise<Map<string, VersionRow[]>> {
  const out = new Map<string, VersionRow[]>();
  if (!docIds.length) return out;
  const rows = await conn.select().from(documentVersions).where(inArray(documentVersions.documentId, docIds));
  for (const v of rows.sort(newestFirst)) out.set(v.documentId, [...(out.get(v.documentId) ?? []), v]);
  return out;
}

/** One document the actor may see (404 otherwise), optionally locked for a change. */
export async function visibleDoc(conn: Conn, actor: Actor, id: string, lock = false): Promise<DocRow> {
  const q = conn.select().from(documents).where(eq(documents.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('Document');
  if (readsAll(actor)) return row;
  const [seen] = visibleDocs(actor, [row], await versionsByDoc(conn, [id]));
  if (!seen) throw new NotFoundError('Document');
  return row;
}

/** One version the actor may see with its document: drafts only for those who read everything. */
export async function visibleVersion(conn: Conn, actor: Actor, versionId: string, lock = false): Promise<{ doc: DocRow; v: VersionRow }> {
  const q = conn.select().from(documentVersions).where(eq(documentVersions.id, versionId));
  const [v] = lock ? await q.for('update') : await q;
  if (!v) throw new NotFoundError('Document version');
  if (!readsAll(actor) && !isPublic(v.status)) throw new NotFoundError('Document version');
  const doc = await visibleDoc(conn, actor, v.documentId);
  return { doc, v };
}

/**
 * The people, other than `exceptId`, who could approve a document version now: a role the policy
 * lets approve documents (`document.approve`: today the information security manager) and an
 * account that signs in — active person, active account, not deactivated, not past its expiry.
 * When this is empty for a version's author, nobody can approve it under the four-eyes rule and
 * the steering committee's approval is recorded instead.
 */
export async function otherApprovers(conn: Conn, exceptId: string | null, now: Date): Promise<string[]> {
  const rows = await conn
    .selectDistinct({ id: people.id })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(
      and(
        inArray(roleAssignments.role, rolesAllowed('document.approve')),
        eq(people.active, true),
        eq(people.accountStatus, 'active'),
        isNull(people.deactivatedAt),
        or(isNull(people.accountExpiresAt), gt(people.accountExpiresAt, now)),
        exceptId ? ne(people.id, exceptId) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

/** Whether the actor may approve the version now, and why not (the page shows the reason instead of the button). */
export function approveBlock(actor: Actor, v: Pick<VersionRow, 'status' | 'createdBy'>): ApproveBlock | null {
  if (!can(actor, 'document.approve')) return 'NO_PERMISSION';
  if (v.status !== 'review') return 'NOT_IN_REVIEW';
  if (v.createdBy && v.createdBy === actor.personId) return 'AUTHOR_CANNOT_APPROVE';
  return null;
}

/** The committee approvals of these versions (without the sealed minutes). */
export async function committeeApprovals(conn: Conn, versionIds: string[]) {
  if (!versionIds.length) return [];
  const c = documentCommitteeApprovals;
  return conn
    .select({ versionId: c.versionId, decidedOn: c.decidedOn, note: c.note, recordedBy: c.recordedBy, recordedAt: c.recordedAt, fileName: c.fileName, size: c.size, sha256: c.sha256 })
    .from(c)
    .where(inArray(c.versionId, versionIds));
}

/** The versions as the actor sees them, with what the actor may do about their approval. */
export async function versionDtos(conn: Conn, actor: Actor, versions: VersionRow[], requiresAck: boolean, now: Date): Promise<VersionDto[]> {
  if (!versions.length) return [];
  const ids = versions.map((v) => v.id);
  const blocks = versions.map((v) => approveBlock(actor, v));
  // Asked only when the caller wrote a version under review: could anyone else approve it?
  const soleApprover = blocks.includes('AUTHOR_CANNOT_APPROVE') ? (await otherApprovers(conn, actor.personId, now)).length === 0 : false;
  const committee = await committeeApprovals(conn, ids);
  const files = await conn
    .select({ versionId: documentFiles.versionId, language: documentFiles.language, fileName: documentFiles.fileName, size: documentFiles.size, sha256: documentFiles.sha256, uploadedAt: documentFiles.uploadedAt })
    .from(documentFiles)
    .where(inArray(documentFiles.versionId, ids));
  const published = versions.filter((v) => isPublic(v.status) && !v.historical).map((v) => v.id);
  const counts = published.length
    ? await conn
        .select({ versionId: documentAcknowledgments.versionId, assigned: sql<number>`count(*)::int`, done: sql<number>`count(${documentAcknowledgments.acknowledgedAt})::int` })
        .from(documentAcknowledgments)
        .where(and(inArray(documentAcknowledgments.versionId, published), isNull(documentAcknowledgments.cancelledAt)))
        .groupBy(documentAcknowledgments.versionId)
    : [];
  const names = await personRefs(conn, [...versions.flatMap((v) => [v.createdBy, v.approvedBy, v.publishedBy, v.rejectedBy]), ...committee.map((c) => c.recordedBy)]);
  const ref = (id: string | null): PersonRef | null => (id ? (names.get(id) ?? null) : null);
  return versions.map((v, i) => {
    const c = counts.find((x) => x.versionId === v.id);
    const ca = committee.find((x) => x.versionId === v.id);
    return {
      id: v.id,
      documentId: v.documentId,
      version: v.version,
      status: v.status as VersionDto['status'],
      bodyJa: v.bodyJa,
      bodyEn: v.bodyEn,
      changeNote: v.changeNote,
      createdBy: ref(v.createdBy),
      createdAt: v.createdAt.toISOString(),
      submittedAt: iso(v.submittedAt),
      approvedBy: ref(v.approvedBy),
      approvedAt: iso(v.approvedAt),
      committeeApprovedOn: v.committeeApprovedOn,
      effectiveFrom: v.effectiveFrom,
      publishedAt: iso(v.publishedAt),
      publishedBy: ref(v.publishedBy),
      supersededAt: iso(v.supersededAt),
      historical: v.historical,
      reviewComment: v.reviewComment,
      rejectedBy: ref(v.rejectedBy),
      rejectedAt: iso(v.rejectedAt),
      files: files
        .filter((f) => f.versionId === v.id)
        .sort((a, b) => a.language.localeCompare(b.language))
        .map((f): FileInfo => ({ language: f.language as FileInfo['language'], fileName: f.fileName, size: f.size, sha256: f.sha256, uploadedAt: f.uploadedAt.toISOString() })),
      acks: requiresAck && isPublic(v.status) && !v.historical ? { assigned: Number(c?.assigned ?? 0), done: Number(c?.done ?? 0) } : null,
      committeeApproval: ca
        ? { decidedOn: ca.decidedOn, note: ca.note, recordedBy: ref(ca.recordedBy), recordedAt: ca.recordedAt.toISOString(), minutes: { fileName: ca.fileName, size: ca.size, sha256: ca.sha256 } }
        : null,
      mayApprove: blocks[i] === null,
      approveBlockedBy: blocks[i] ?? null,
      mayRecordCommitteeApproval: blocks[i] === 'AUTHOR_CANNOT_APPROVE' && soleApprover,
    };
  });
}

/** List rows: owner, owner unit, current and latest versions, whether the caller has an acknowledgment to give. */
export async function listItems(conn: Conn, actor: Actor, rows: DocRow[], versionsOf: Map<string, VersionRow[]>, today: string): Promise<DocumentListItem[]> {
  const owners = await personRefs(conn, rows.map((d) => d.ownerId));
  const unitIds = [...new Set(rows.map((d) => d.ownerUnitId).filter((x): x is string => !!x))];
  const unitRows = unitIds.length ? await conn.select({ id: units.id, code: units.code, nameJa: units.nameJa, nameEn: units.nameEn }).from(units).where(inArray(units.id, unitIds)) : [];
  const pending = actor.personId
    ? await conn
        .select({ documentId: documentAcknowledgments.documentId })
        .from(documentAcknowledgments)
        .where(and(eq(documentAcknowledgments.personId, actor.personId), isNull(documentAcknowledgments.acknowledgedAt), isNull(documentAcknowledgments.cancelledAt)))
    : [];
  const all = readsAll(actor);
  return rows.map((d) => {
    const vs = (versionsOf.get(d.id) ?? []).filter((v) => all || isPublic(v.status));
    return {
      id: d.id,
      code: d.code,
      kind: d.kind as DocumentListItem['kind'],
      family: d.family as DocumentListItem['family'],
      titleJa: d.titleJa,
      titleEn: d.titleEn,
      owner: d.ownerId ? (owners.get(d.ownerId) ?? null) : null,
      ownerUnit: unitRows.find((u) => u.id === d.ownerUnitId) ?? null,
      requiresAck: d.requiresAck,
      nextReviewOn: d.nextReviewOn,
      reviewOverdue: !!d.nextReviewOn && d.nextReviewOn < today && !d.retiredAt,
      retired: !!d.retiredAt,
      current: summary(vs.find((v) => v.status === 'published')),
      latest: summary(vs[0]),
      ackPending: pending.some((p) => p.documentId === d.id),
    };
  });
}

/** The caller's row for this version (not cancelled), if any. */
export async function myRow(conn: Conn, personId: string | null, versionId: string) {
  if (!personId) return null;
  const [row] = await conn
    .select()
    .from(documentAcknowledgments)
    .where(and(eq(documentAcknowledgments.personId, personId), eq(documentAcknowledgments.versionId, versionId), isNull(documentAcknowledgments.cancelledAt)));
  return row ?? null;
}

/** The newest versions first, for the "newest version" copy when a new draft starts. */
export async function newestVersion(conn: Conn, documentId: string): Promise<VersionRow | null> {
  const [v] = await conn.select().from(documentVersions).where(eq(documentVersions.documentId, documentId)).orderBy(desc(documentVersions.createdAt)).limit(1);
  return v ?? null;
}

