import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type {
  AcknowledgeVersion,
  AcknowledgmentDto,
  CreateDocument,
  DocumentDto,
  InForceDto,
  InForceItem,
  ListDocumentsQuery,
  UpdateDocument,
} from '../../../shared/documents.js';
import { systemActor, type Actor } from '../../authz/actor.js';
import { can, coordinates } from '../../authz/policy.js';
import { acknowledgerScope } from '../../authz/scopes/documents.js';
import { inScope } from '../../authz/scopes/scope.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { documentAcknowledgments, documents, documentVersions, people, personInstitutions, units } from '../../db/schema/index.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { personRefs } from '../../db/person-refs.js';
import { ackTargets, assignAudience, cancelAllOpen, reconcileTarget } from './acks.js';
import { membership, tokyoToday } from './documents.common.js';
import { committeeApprovals, listItems, myRow, readsAll, versionDtos, versionsByDoc, visibleDoc, visibleDocs, visibleVersion, type DocRow } from './documents.read.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The policy library (P32-5, P32-6, P32-8): documents with their owner, audience and review
 * date; reading them; acknowledging the current version; the in-force view for any date; and a
 * person's acknowledgments. Versions are in versions.service.ts.
 */
export class DocumentsService {
  constructor(private readonly ctx: AppContext) {}

  private today() {
    return tokyoToday(this.ctx.clock.now());
  }

  async list(actor: Actor, q: ListDocumentsQuery) {
    await this.ctx.authz.require(actor, 'document.read');
    const conn = this.ctx.db;
    let rows = await conn.select().from(documents).orderBy(asc(documents.code));
    if (q.includeRetired !== 'true') rows = rows.filter((d) => !d.retiredAt);
    if (q.kind) rows = rows.filter((d) => d.kind === q.kind);
    if (q.family) rows = rows.filter((d) => d.family === q.family);
    if (q.q) {
      const needle = q.q.toLowerCase();
      rows = rows.filter((d) => [d.code, d.titleJa, d.titleEn].some((s) => s.toLowerCase().includes(needle)));
    }
    const versionsOf = await versionsByDoc(conn, rows.map((d) => d.id));
    const items = await listItems(conn, actor, visibleDocs(actor, rows, versionsOf), versionsOf, this.today());
    return { items: q.status ? items.filter((i) => i.latest?.status === q.status) : items };
  }

  async get(actor: Actor, id: string): Promise<DocumentDto> {
    await this.ctx.authz.require(actor, 'document.read');
    return this.dto(this.ctx.db, actor, await visibleDoc(this.ctx.db, actor, id));
  }

  private async dto(conn: Conn, actor: Actor, d: DocRow): Promise<DocumentDto> {
    const versionsOf = await versionsByDoc(conn, [d.id]);
    const [item] = await listItems(conn, actor, [d], versionsOf, this.today());
    const all = readsAll(actor);
    const versions = (versionsOf.get(d.id) ?? []).filter((v) => all || v.status === 'published' || v.status === 'superseded');
    const current = versions.find((v) => v.status === 'published');
    const mine = current ? await myRow(conn, actor.personId, current.id) : null;
    const canAck = !!current && !current.historical && d.requiresAck && !d.retiredAt && !mine?.acknowledgedAt && (!!mine || (await membership(conn, actor.personId, [d.audience]))[0] === true);
    return {
      ...item!,
      audience: d.audience,
      ackDueDays: d.ackDueDays,
      reviewIntervalMonths: d.reviewIntervalMonths,
      versions: await versionDtos(conn, actor, versions, d.requiresAck, this.ctx.clock.now()),
      myAcknowledgment: mine ? { versionId: mine.versionId, dueOn: mine.dueOn, acknowledgedAt: iso(mine.acknowledgedAt), language: mine.language } : null,
      can: { manage: can(actor, 'document.manage'), approve: can(actor, 'document.approve'), publish: can(actor, 'document.publish'), acknowledge: canAck },
    };
  }

  async create(actor: Actor, input: CreateDocument): Promise<DocumentDto> {
    await this.ctx.authz.require(actor, 'document.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      await this.checkRefs(tx, input.ownerId, input.ownerUnitId);
      const now = this.ctx.clock.now();
      const [d] = await tx
        .insert(documents)
        .values({ ...input, createdAt: now, updatedAt: now })
        .onConflictDoNothing({ target: documents.code })
        .returning();
      if (!d) throw new ConflictError('DUPLICATE_CODE', 'A document with this code exists.', [{ path: 'code', message: 'taken' }]);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'document.created', targetType: 'document', targetId: d.id, details: { code: d.code, kind: d.kind, family: d.family, audience: d.audience } });
      return d;
    });
    return this.dto(this.ctx.db, actor, row);
  }

  async update(actor: Actor, id: string, input: UpdateDocument): Promise<DocumentDto> {
    await this.ctx.authz.require(actor, 'document.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const before = await visibleDoc(tx, actor, id, true);
      const { retired, ...fields } = input;
      const kind = before.kind;
      const family = fields.family === undefined ? before.family : fields.family;
      if ((kind === 'guideline') !== (family !== null)) throw new ValidationError('A guideline has a family (P32-5); other kinds have none.', [{ path: 'family', message: 'invalid for this kind' }]);
      await this.checkRefs(tx, fields.ownerId ?? null, fields.ownerUnitId ?? null);
      const now = this.ctx.clock.now();
      const set: Partial<typeof documents.$inferInsert> = { ...fields };
      if (retired !== undefined && retired !== !!before.retiredAt) set.retiredAt = retired ? now : null;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [k, v] of Object.entries(set)) {
        const old = (before as Record<string, unknown>)[k];
        if (JSON.stringify(old ?? null) !== JSON.stringify(v ?? null)) changes[k] = { from: old ?? null, to: v ?? null };
      }
      if (!Object.keys(changes).length) return before;
      const [after] = await tx
        .update(documents)
        .set({ ...set, updatedAt: now })
        .where(eq(documents.id, id))
        .returning();
      // The acknowledgments follow the document: retired or no longer required → open rows end;
      // a new audience → the current version's rows are brought in line with it at once.
      let acks: Record<string, number> | null = null;
      if (after!.retiredAt || !after!.requiresAck) {
        const cancelled = await cancelAllOpen(tx, id, now);
        if (cancelled) acks = { cancelled };
      } else if (changes.audience || changes.requiresAck || changes.retiredAt) {
        const [target] = await ackTargets(tx, id);
        if (target) acks = await reconcileTarget(tx, target, now);
      }
      await appendAudit(tx, this.ctx.clock, actor, { action: 'document.updated', targetType: 'document', targetId: id, details: { code: before.code, changes, acks } });
      return after!;
    });
    return this.dto(this.ctx.db, actor, row);
  }

  private async checkRefs(conn: Conn, ownerId: string | null | undefined, ownerUnitId: string | null | undefined) {
    const problems: { path: string; message: string }[] = [];
    if (ownerId) {
      const [p] = await conn.select({ id: people.id }).from(people).where(and(eq(people.id, ownerId), eq(people.active, true)));
      if (!p) problems.push({ path: 'ownerId', message: 'no such active person' });
    }
    if (ownerUnitId) {
      const [u] = await conn.select({ id: units.id }).from(units).where(eq(units.id, ownerUnitId));
      if (!u) problems.push({ path: 'ownerUnitId', message: 'no such unit' });
    }
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
  }

  // ---- acknowledging ---------------------------------------------------------------------------

  /**
   * The person confirms having read this exact version, in this language. Only the current version
   * of a document that requires acknowledgment, and only for someone it was assigned to or whose
   * audience includes them now (then the row is made on the spot). Saying it twice keeps the first.
   */
  async acknowledge(actor: Actor, versionId: string, input: AcknowledgeVersion) {
    await this.ctx.authz.require(actor, 'document.acknowledge');
    // Whether it applies to them is decided before the transaction: a refusal is recorded on its own.
    const seen = await visibleVersion(this.ctx.db, actor, versionId);
    const eligible = !!(await myRow(this.ctx.db, actor.personId, versionId)) || (await membership(this.ctx.db, actor.personId, [seen.doc.audience]))[0] === true;
    await this.ctx.authz.require(actor, 'document.acknowledge', { personId: eligible ? (actor.personId ?? undefined) : 'not-in-audience' });
    const done = await this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, versionId, true);
      let row = await myRow(tx, actor.personId, v.id);
      if (v.status !== 'published' || v.historical || !doc.requiresAck || doc.retiredAt) {
        throw new AppError(409, 'DOCUMENT_NOT_ACKNOWLEDGEABLE', 'Only the current version of a document that must be acknowledged can be acknowledged.', { status: v.status });
      }
      if (row?.acknowledgedAt) return row;
      const now = this.ctx.clock.now();
      if (!row) {
        await assignAudience(tx, { documentId: doc.id, versionId: v.id, audience: doc.audience, ackDueDays: doc.ackDueDays }, now, actor.personId!);
        // a cancelled row (the person left the audience and came back) opens again
        await tx
          .update(documentAcknowledgments)
          .set({ cancelledAt: null })
          .where(and(eq(documentAcknowledgments.versionId, v.id), eq(documentAcknowledgments.personId, actor.personId!), isNull(documentAcknowledgments.acknowledgedAt)));
        row = await myRow(tx, actor.personId, v.id);
        if (!row) throw new NotFoundError('Acknowledgment');
      }
      const [after] = await tx
        .update(documentAcknowledgments)
        .set({ acknowledgedAt: now, language: input.language })
        .where(eq(documentAcknowledgments.id, row.id))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'document.acknowledged',
        targetType: 'document',
        targetId: doc.id,
        details: { code: doc.code, versionId: v.id, version: v.version, language: input.language, dueOn: row.dueOn, late: row.dueOn < tokyoToday(now) },
      });
      return after!;
    });
    return { versionId: done.versionId, dueOn: done.dueOn, acknowledgedAt: iso(done.acknowledgedAt), language: done.language };
  }

  /**
   * A person's acknowledgments, newest first: the person themself, central staff, and the site
   * coordinator of one of the person's institutions (for another institution's person: 404).
   */
  async personAcknowledgments(actor: Actor, personId: string): Promise<{ items: AcknowledgmentDto[] }> {
    const [p] = await this.ctx.db.select({ id: people.id, inScope: inScope(acknowledgerScope.filter(actor)) }).from(people).where(eq(people.id, personId));
    if (!p) throw new NotFoundError('Person');
    if (!p.inScope) {
      // Another institution's person is unknown to a site coordinator; to anyone else it is a recorded refusal.
      if (coordinates(actor).length > 0) throw new NotFoundError('Person');
      const institutionIds = (await this.ctx.db.select({ id: personInstitutions.institutionId }).from(personInstitutions).where(eq(personInstitutions.personId, personId))).map((r) => r.id);
      await this.ctx.authz.require(actor, 'document_ack.read', { personId, institutionIds });
    }
    const today = this.today();
    const rows = await this.ctx.db
      .select({ a: documentAcknowledgments, code: documents.code, titleJa: documents.titleJa, titleEn: documents.titleEn, version: documentVersions.version })
      .from(documentAcknowledgments)
      .innerJoin(documents, eq(documents.id, documentAcknowledgments.documentId))
      .innerJoin(documentVersions, eq(documentVersions.id, documentAcknowledgments.versionId))
      .where(eq(documentAcknowledgments.personId, personId))
      .orderBy(sql`${documentAcknowledgments.assignedAt} desc`, asc(documents.code));
    return {
      items: rows.map(({ a, ...d }) => ({
        id: a.id,
        documentId: a.documentId,
        documentCode: d.code,
        titleJa: d.titleJa,
        titleEn: d.titleEn,
        versionId: a.versionId,
        version: d.version,
        state: a.acknowledgedAt ? 'done' : a.cancelledAt ? 'cancelled' : a.dueOn < today ? 'overdue' : 'pending',
        assignedAt: a.assignedAt.toISOString(),
        dueOn: a.dueOn,
        acknowledgedAt: iso(a.acknowledgedAt),
        language: a.language,
        cancelledAt: iso(a.cancelledAt),
      })),
    };
  }

  // ---- in force on a date ----------------------------------------------------------------------

  /**
   * For each document the caller sees, the version in force on `date` (Japan): the published or
   * superseded version with the latest effectiveFrom on or before it (it stays in force until the
   * next one's effectiveFrom), and who approved it and when.
   */
  async inForce(actor: Actor, date?: string): Promise<InForceDto> {
    await this.ctx.authz.require(actor, 'document.read');
    const day = date ?? this.today();
    const conn = this.ctx.db;
    const rows = await conn.select().from(documents).orderBy(asc(documents.code));
    const versionsOf = await versionsByDoc(conn, rows.map((d) => d.id));
    const seen = visibleDocs(actor, rows, versionsOf);
    const effective = [...versionsOf.values()].flat().filter((v) => (v.status === 'published' || v.status === 'superseded') && v.effectiveFrom);
    const names = await personRefs(conn, effective.map((v) => v.approvedBy));
    const byCommittee = new Set((await committeeApprovals(conn, effective.map((v) => v.id))).map((c) => c.versionId));
    const items: InForceItem[] = seen.map((d) => {
      const vs = effective
        .filter((v) => v.documentId === d.id)
        .sort((a, b) => a.effectiveFrom!.localeCompare(b.effectiveFrom!) || (a.publishedAt?.getTime() ?? 0) - (b.publishedAt?.getTime() ?? 0));
      const inForce = vs.filter((v) => v.effectiveFrom! <= day).pop();
      const next = inForce ? vs.find((v) => v.effectiveFrom! > inForce.effectiveFrom!) : undefined;
      return {
        documentId: d.id,
        code: d.code,
        kind: d.kind as InForceItem['kind'],
        family: d.family as InForceItem['family'],
        titleJa: d.titleJa,
        titleEn: d.titleEn,
        version: inForce
          ? {
              id: inForce.id,
              version: inForce.version,
              effectiveFrom: inForce.effectiveFrom!,
              historical: inForce.historical,
              approvedBy: inForce.approvedBy ? (names.get(inForce.approvedBy) ?? null) : null,
              approvedAt: iso(inForce.approvedAt),
              committeeApprovedOn: inForce.committeeApprovedOn,
              approvedByCommittee: byCommittee.has(inForce.id),
              until: next?.effectiveFrom ?? null,
            }
          : null,
      };
    });
    return { date: day, items };
  }

  // ---- activation and the daily reconcile --------------------------------------------------------

  /** A newly active person gets the current versions that apply to them (inside the activation transaction). */
  async assignOnActivation(tx: Conn, personId: string): Promise<number> {
    const now = this.ctx.clock.now();
    let n = 0;
    const docs: string[] = [];
    for (const t of await ackTargets(tx)) {
      const added = await assignAudience(tx, t, now, personId);
      if (added) docs.push(t.documentId);
      n += added;
    }
    if (n) await appendAudit(tx, this.ctx.clock, systemActor('account-activation'), { action: 'document_ack.assigned', targetType: 'person', targetId: personId, details: { count: n, documentIds: docs, reason: 'activation' } });
    return n;
  }

  /** Every current version's rows brought in line with its audience (people who joined or left). */
  async reconcileAll(now: Date): Promise<{ documents: number; assigned: number; restored: number; cancelled: number }> {
    const totals = { documents: 0, assigned: 0, restored: 0, cancelled: 0 };
    for (const t of await ackTargets(this.ctx.db)) {
      await this.ctx.db.transaction(async (tx) => {
        const r = await reconcileTarget(tx, t, now);
        totals.documents++;
        totals.assigned += r.assigned;
        totals.restored += r.restored;
        totals.cancelled += r.cancelled;
        if (r.assigned || r.restored || r.cancelled) {
          await appendAudit(tx, this.ctx.clock, systemActor('job:documents.daily'), { action: 'document_ack.reconciled', targetType: 'document', targetId: t.documentId, details: { versionId: t.versionId, ...r } });
        }
      });
    }
    return totals;
  }
}

