import { and, count, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type {
  DecideRegistrationChange,
  ListRegistrationChangesQuery,
  RegistrationChangeDto,
  RegistrationChangePayload,
  RegistrationChangeStatus,
  SubmitRegistrationChange,
} from '../../../shared/registration.js';
import type { RoleAssignment, UpdatePerson } from '../../../shared/org.js';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../../authz/actor.js';
import { ownsRegistrationChange, registrationChangeScope } from '../../authz/scopes/registration.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { institutions, people, registrationChanges, researchGroups, roleAssignments } from '../../db/schema/index.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { loadAffiliations, PeopleService } from '../org/public.js';
import { offboard, proposeRotation } from './effects.js';
import { coordinatorMail, decidedMail, submittedMail, type ChangeWords } from './registration.mail.js';
import { describeChange, type Named } from './registration.words.js';

type Row = typeof registrationChanges.$inferSelect;
type PersonRef = { id: string; nameJa: string; nameEn: string; email: string };
/** Roles a person holds at a hospital; the ones a move or a retirement changes. */
const SITE_ROLES: Role[] = ['researcher', 'site_coordinator'];
const REVIEWERS: Role[] = ['data_center_staff'];

/** What a person's registration is right now (the "before" of a change). */
interface Registration {
  familyNameJa: string;
  givenNameJa: string;
  familyNameKana: string;
  givenNameKana: string;
  familyNameEn: string;
  givenNameEn: string;
  email: string;
  institutionIds: string[];
  researchGroupIds: string[];
  roles: RoleAssignment[];
}

/** Requests about the person or submitted by them: what "my registration changes" lists. */
export const mineCondition = (personId: string): SQL => or(eq(registrationChanges.personId, personId), eq(registrationChanges.submittedBy, personId)) as SQL;

/** Pending requests in the scope (none: the data center's whole queue). */
export async function countPendingChanges(conn: Conn, scope?: SQL): Promise<number> {
  const [r] = await conn.select({ n: count() }).from(registrationChanges).where(and(eq(registrationChanges.status, 'pending'), scope));
  return Number(r?.n ?? 0);
}

/**
 * Registration changes (P32-2.1.3f): submitted by the person (or on their behalf by a site
 * coordinator of their institution, or the data center), approved or rejected by the data center.
 * Approval applies the change through PeopleService in one transaction, so the people audit trail
 * and the request record together are the history; sessions load roles on every request, so
 * access follows at once.
 */
export class RegistrationService {
  private readonly peopleSvc: PeopleService;
  constructor(private readonly ctx: AppContext) {
    this.peopleSvc = new PeopleService(ctx);
  }

  /** Requests about me or submitted by me. */
  async listMine(actor: Actor, q: ListRegistrationChangesQuery) {
    // policy: self — requests about the actor or submitted by them
    if (!actor.personId) throw new ForbiddenError();
    return this.page(q, mineCondition(actor.personId));
  }

  /** Every request (the data center's queue), pending first. */
  async listQueue(actor: Actor, q: ListRegistrationChangesQuery) {
    await this.ctx.authz.require(actor, 'registration_change.review');
    return this.page(q, undefined);
  }

  async get(actor: Actor, id: string): Promise<RegistrationChangeDto> {
    const [row] = await this.ctx.db.select().from(registrationChanges).where(and(eq(registrationChanges.id, id), registrationChangeScope.filter(actor)));
    if (!row) throw new NotFoundError('Registration change');
    return (await this.dtos(this.ctx.db, [row]))[0]!;
  }

  async submit(actor: Actor, input: SubmitRegistrationChange): Promise<RegistrationChangeDto> {
    // policy: self — about oneself; on someone else's behalf registration_change.submit_for is required below
    if (!actor.personId) throw new ForbiddenError();
    const personId = input.personId ?? actor.personId;
    if (personId !== actor.personId) {
      // On someone's behalf: the data center for anyone, a site coordinator for their own institution's people.
      const [p] = await this.ctx.db.select({ id: people.id }).from(people).where(eq(people.id, personId));
      const aff = p ? await loadAffiliations(this.ctx.db, [personId]) : null;
      await this.ctx.authz.require(actor, 'registration_change.submit_for', { personId, institutionIds: (aff?.inst.get(personId) ?? []).map((i) => i.id) });
      if (!p) throw new NotFoundError('Person');
    }
    return this.ctx.db.transaction(async (tx) => {
      const before = await this.registration(tx, personId);
      await this.validate(tx, before, input.change, personId);
      const now = this.ctx.clock.now();
      const [row] = await tx
        .insert(registrationChanges)
        .values({ personId, submittedBy: actor.personId, kind: input.change.kind, change: input.change, note: input.note ?? null, status: 'pending', before, createdAt: now, updatedAt: now })
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'registration_change.submitted',
        targetType: 'registration_change',
        targetId: row!.id,
        details: { personId, kind: input.change.kind, change: input.change, note: input.note ?? null, onBehalf: personId !== actor.personId },
      });
      const words = await this.words(tx, row!);
      for (const r of await this.holdersOf(tx, REVIEWERS)) {
        await this.ctx.mailer.enqueue(tx, { to: r.email, personId: r.id, language: r.language, template: submittedMail, params: { ...words, link: `${this.ctx.config.publicUrl}/registration-changes/queue/${row!.id}` } });
      }
      return (await this.dtos(tx, [row!]))[0]!;
    }).finally(() => this.ctx.mailer.kick());
  }

  async withdraw(actor: Actor, id: string): Promise<RegistrationChangeDto> {
    // policy: self — only the person or whoever submitted it (ownsRegistrationChange on the locked row)
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      // Only the person or whoever submitted it may withdraw; to anyone else it does not exist.
      if (!ownsRegistrationChange(actor, row)) throw new NotFoundError('Registration change');
      if (row.status !== 'pending') throw new AppError(409, 'REQUEST_NOT_PENDING', 'This request has already been decided or withdrawn.');
      const [updated] = await tx.update(registrationChanges).set({ status: 'withdrawn', updatedAt: this.ctx.clock.now() }).where(eq(registrationChanges.id, id)).returning();
      await appendAudit(tx, this.ctx.clock, actor, { action: 'registration_change.withdrawn', targetType: 'registration_change', targetId: id, details: { personId: row.personId, kind: row.kind } });
      return (await this.dtos(tx, [updated!]))[0]!;
    });
  }

  async decide(actor: Actor, id: string, input: DecideRegistrationChange): Promise<RegistrationChangeDto> {
    await this.ctx.authz.require(actor, 'registration_change.review');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      if (row.status !== 'pending') throw new AppError(409, 'REQUEST_NOT_PENDING', 'This request has already been decided or withdrawn.');
      const now = this.ctx.clock.now();
      const reason = input.reason ?? null;
      let before: Registration | null = null;
      let affected: string[] = [];
      if (input.decision === 'approve') {
        ({ before, affected } = await this.apply(tx, actor, row));
      }
      const status: RegistrationChangeStatus = input.decision === 'approve' ? 'approved' : 'rejected';
      const [updated] = await tx
        .update(registrationChanges)
        .set({ status, decidedBy: actor.personId, decidedAt: now, decisionReason: reason, updatedAt: now, ...(before ? { before } : {}) })
        .where(eq(registrationChanges.id, id))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: input.decision === 'approve' ? 'registration_change.approved' : 'registration_change.rejected',
        targetType: 'registration_change',
        targetId: id,
        details: { personId: row.personId, kind: row.kind, change: row.change, reason, before },
      });
      await this.notify(tx, updated!, input.decision === 'approve', reason ?? '', affected, before);
      return (await this.dtos(tx, [updated!]))[0]!;
    }).finally(() => this.ctx.mailer.kick());
  }

  // ---- applying a change --------------------------------------------------------------------

  /** Applies an approved change through PeopleService; returns the registration before it and the institutions concerned. */
  private async apply(tx: Conn, actor: Actor, row: Row): Promise<{ before: Registration; affected: string[] }> {
    const change = row.change as RegistrationChangePayload;
    const before = await this.registration(tx, row.personId);
    // The registration may have changed since the request was made (another request, an edit).
    await this.validate(tx, before, change, row.personId, true);
    const update: UpdatePerson = {};
    let left: string[] = [];
    let affected = before.institutionIds;
    switch (change.kind) {
      case 'move': {
        const { fromInstitutionId: from, toInstitutionId: to } = change;
        affected = [from, to];
        update.institutionIds = [...before.institutionIds.filter((i) => i !== from), to];
        left = change.leaveResearchGroupIds.filter((g) => before.researchGroupIds.includes(g));
        update.researchGroupIds = before.researchGroupIds.filter((g) => !left.includes(g));
        // Roles at the old institution end. A site coordinator is appointed for a site, so that role
        // does not travel: whoever held a role there becomes a researcher at the new institution.
        const heldThere = before.roles.some((r) => SITE_ROLES.includes(r.role) && r.institutionId === from);
        const kept = before.roles.filter((r) => !(SITE_ROLES.includes(r.role) && r.institutionId === from) && !(r.role === 'site_coordinator' && r.researchGroupId && left.includes(r.researchGroupId)));
        const hasResearcherAtTo = kept.some((r) => r.role === 'researcher' && r.institutionId === to);
        update.roles = heldThere && !hasResearcherAtTo ? [...kept, { role: 'researcher', institutionId: to }] : kept;
        break;
      }
      case 'name': {
        const { kind: _k, ...names } = change;
        Object.assign(update, names);
        break;
      }
      case 'email':
        update.email = change.email;
        break;
      case 'join_group':
        update.researchGroupIds = [...before.researchGroupIds, change.researchGroupId];
        break;
      case 'leave_group':
        left = [change.researchGroupId];
        update.researchGroupIds = before.researchGroupIds.filter((g) => g !== change.researchGroupId);
        update.roles = before.roles.filter((r) => !(r.role === 'site_coordinator' && r.researchGroupId === change.researchGroupId));
        break;
      case 'retire':
        // The person leaves their sites and groups; the person record and its history stay.
        left = before.researchGroupIds;
        update.researchGroupIds = [];
        update.roles = before.roles.filter((r) => !SITE_ROLES.includes(r.role) && r.role !== 'contractor');
        break;
    }
    await this.peopleSvc.updateInTx(tx, actor, row.personId, update);
    await proposeRotation(tx, this.ctx, actor, left);
    if (change.kind === 'retire') await offboard(tx, this.ctx, actor, row.personId, 'retired');
    return { before, affected };
  }

  /** Checks a change against the person's registration; `atApproval` answers 409 when it no longer fits. */
  private async validate(conn: Conn, reg: Registration, change: RegistrationChangePayload, personId: string, atApproval = false): Promise<void> {
    const problems: { path: string; message: string }[] = [];
    const activeIn = async (table: typeof institutions | typeof researchGroups, id: string, path: string) => {
      const [r] = await conn.select({ active: table.active }).from(table).where(eq(table.id, id));
      if (!r?.active) problems.push({ path, message: 'does not exist' });
    };
    switch (change.kind) {
      case 'move':
        if (!reg.institutionIds.includes(change.fromInstitutionId)) problems.push({ path: 'change.fromInstitutionId', message: 'not a current institution of the person' });
        if (change.fromInstitutionId === change.toInstitutionId) problems.push({ path: 'change.toInstitutionId', message: 'same as the current institution' });
        else if (reg.institutionIds.includes(change.toInstitutionId)) problems.push({ path: 'change.toInstitutionId', message: 'already an institution of the person' });
        await activeIn(institutions, change.toInstitutionId, 'change.toInstitutionId');
        change.leaveResearchGroupIds.forEach((g, i) => { if (!reg.researchGroupIds.includes(g)) problems.push({ path: `change.leaveResearchGroupIds.${i}`, message: 'not a group of the person' }); });
        break;
      case 'email':
        if (change.email === reg.email) problems.push({ path: 'change.email', message: 'same as the current address' });
        else {
          const [dup] = await conn.select({ id: people.id }).from(people).where(eq(people.email, change.email));
          if (dup && dup.id !== personId) throw new AppError(409, 'DUPLICATE_EMAIL', 'This email address is already registered.', { field: 'change.email' });
        }
        break;
      case 'join_group':
        if (reg.researchGroupIds.includes(change.researchGroupId)) problems.push({ path: 'change.researchGroupId', message: 'already a member' });
        await activeIn(researchGroups, change.researchGroupId, 'change.researchGroupId');
        break;
      case 'leave_group':
        if (!reg.researchGroupIds.includes(change.researchGroupId)) problems.push({ path: 'change.researchGroupId', message: 'not a member' });
        break;
      default:
        break;
    }
    if (!problems.length) return;
    if (atApproval) throw new AppError(409, 'REGISTRATION_OUTDATED', 'The registration has changed since this request was made; reject it and ask for a new one.', problems);
    throw new ValidationError('Some fields are invalid.', problems);
  }

  private async registration(conn: Conn, personId: string): Promise<Registration> {
    const [p] = await conn.select().from(people).where(eq(people.id, personId));
    if (!p) throw new NotFoundError('Person');
    const aff = await loadAffiliations(conn, [personId]);
    return {
      familyNameJa: p.familyNameJa,
      givenNameJa: p.givenNameJa,
      familyNameKana: p.familyNameKana,
      givenNameKana: p.givenNameKana,
      familyNameEn: p.familyNameEn,
      givenNameEn: p.givenNameEn,
      email: p.email,
      institutionIds: (aff.inst.get(personId) ?? []).map((i) => i.id),
      researchGroupIds: (aff.groups.get(personId) ?? []).map((g) => g.id),
      roles: (aff.roles.get(personId) ?? []).map((r) => ({ role: r.role as Role, institutionId: r.institutionId, researchGroupId: r.researchGroupId, unitId: r.unitId, committeeId: r.committeeId })),
    };
  }

  // ---- notifications --------------------------------------------------------------------------

  private async notify(tx: Conn, row: Row, approved: boolean, reason: string, affected: string[], before: Registration | null): Promise<void> {
    const words = await this.words(tx, row);
    const link = `${this.ctx.config.publicUrl}/registration-changes/${row.id}`;
    const [p] = await tx.select({ id: people.id, email: people.email, language: people.language }).from(people).where(eq(people.id, row.personId));
    const to = new Set([p!.email]);
    // An email change is also told to the old address, so a hijacked request does not go unnoticed.
    if (approved && before && before.email !== p!.email) to.add(before.email);
    for (const address of to) await this.ctx.mailer.enqueue(tx, { to: address, personId: p!.id, language: p!.language, template: decidedMail, params: { ...words, link, approved, reason } });
    if (!approved || affected.length === 0) return;
    const insts = await tx.select().from(institutions).where(inArray(institutions.id, affected));
    for (const inst of insts) {
      const coordinatorsHere = await tx
        .selectDistinct({ id: people.id, email: people.email, language: people.language })
        .from(roleAssignments)
        .innerJoin(people, eq(people.id, roleAssignments.personId))
        .where(and(eq(roleAssignments.role, 'site_coordinator'), eq(roleAssignments.institutionId, inst.id), eq(people.active, true)));
      for (const c of coordinatorsHere) {
        if (c.id === row.personId) continue;
        await this.ctx.mailer.enqueue(tx, { to: c.email, personId: c.id, language: c.language, template: coordinatorMail, params: { ...words, link: `${this.ctx.config.publicUrl}/people/${row.personId}`, institutionJa: inst.nameJa, institutionEn: inst.nameEn } });
      }
    }
  }

  private async words(conn: Conn, row: Row): Promise<ChangeWords> {
    const [p] = await conn.select().from(people).where(eq(people.id, row.personId));
    const refs = await this.refs(conn, [row]);
    const d = describeChange(row.change as RegistrationChangePayload, refs);
    return { personJa: `${p!.familyNameJa} ${p!.givenNameJa}`.trim(), personEn: `${p!.givenNameEn} ${p!.familyNameEn}`.trim(), summaryJa: d.ja, summaryEn: d.en, link: '' };
  }

  private async holdersOf(conn: Conn, roles: Role[]) {
    return conn
      .selectDistinct({ id: people.id, email: people.email, language: people.language })
      .from(roleAssignments)
      .innerJoin(people, eq(people.id, roleAssignments.personId))
      .where(and(inArray(roleAssignments.role, roles), eq(people.active, true)));
  }

  // ---- reading --------------------------------------------------------------------------------

  private async find(conn: Conn, id: string, lock = false): Promise<Row> {
    const q = conn.select().from(registrationChanges).where(eq(registrationChanges.id, id));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new NotFoundError('Registration change');
    return row;
  }

  private async page(q: ListRegistrationChangesQuery, scope: SQL | undefined) {
    const where = and(...[scope, q.status ? eq(registrationChanges.status, q.status) : undefined].filter((x): x is SQL => !!x));
    const [rows, [total]] = await Promise.all([
      this.ctx.db.select().from(registrationChanges).where(where).orderBy(desc(registrationChanges.createdAt), desc(registrationChanges.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      this.ctx.db.select({ n: count() }).from(registrationChanges).where(where),
    ]);
    return { items: await this.dtos(this.ctx.db, rows), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  private async refs(conn: Conn, rows: Row[]): Promise<Record<string, Named>> {
    const inst = new Set<string>();
    const groups = new Set<string>();
    for (const r of rows) {
      const before = r.before as Partial<Registration> | null;
      before?.institutionIds?.forEach((i) => inst.add(i));
      before?.researchGroupIds?.forEach((g) => groups.add(g));
      before?.roles?.forEach((x) => {
        if (x.institutionId) inst.add(x.institutionId);
        if (x.researchGroupId) groups.add(x.researchGroupId);
      });
      const c = r.change as RegistrationChangePayload;
      if (c.kind === 'move') {
        inst.add(c.fromInstitutionId);
        inst.add(c.toInstitutionId);
        c.leaveResearchGroupIds.forEach((g) => groups.add(g));
      }
      if (c.kind === 'join_group' || c.kind === 'leave_group') groups.add(c.researchGroupId);
    }
    const out: Record<string, Named> = {};
    const cols = (t: typeof institutions | typeof researchGroups) => ({ id: t.id, code: t.code, nameJa: t.nameJa, nameEn: t.nameEn });
    if (inst.size) for (const r of await conn.select(cols(institutions)).from(institutions).where(inArray(institutions.id, [...inst]))) out[r.id] = r;
    if (groups.size) for (const r of await conn.select(cols(researchGroups)).from(researchGroups).where(inArray(researchGroups.id, [...groups]))) out[r.id] = r;
    return out;
  }

  private async dtos(conn: Conn, rows: Row[]): Promise<RegistrationChangeDto[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.personId, r.submittedBy, r.decidedBy]).filter((x): x is string => !!x))];
    const persons = new Map<string, PersonRef>();
    if (ids.length) {
      for (const p of await conn.select().from(people).where(inArray(people.id, ids))) {
        persons.set(p.id, { id: p.id, nameJa: `${p.familyNameJa} ${p.givenNameJa}`.trim(), nameEn: `${p.givenNameEn} ${p.familyNameEn}`.trim(), email: p.email });
      }
    }
    const refs = await this.refs(conn, rows);
    return rows.map((r) => ({
      id: r.id,
      person: persons.get(r.personId)!,
      submittedBy: r.submittedBy ? (persons.get(r.submittedBy) ?? null) : null,
      kind: r.kind as RegistrationChangeDto['kind'],
      change: r.change as RegistrationChangePayload,
      refs,
      before: (r.before as Record<string, unknown> | null) ?? null,
      note: r.note,
      status: r.status as RegistrationChangeStatus,
      decidedBy: r.decidedBy ? (persons.get(r.decidedBy) ?? null) : null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionReason: r.decisionReason,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }
}
