import { AccountStatus } from '../../../shared/account.js';
import { eq } from 'drizzle-orm';
import type { CreatePerson, ListPeopleQuery, PersonDto, PersonSummaryDto, RoleAssignment, UpdatePerson } from '../../../shared/org.js';
import { ROLE_SCOPE, type Role } from '../../../shared/roles.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { personScope } from '../../authz/scopes/people.js';
import { inScope } from '../../authz/scopes/scope.js';
import type { Conn } from '../../db/client.js';
import { appendAudit } from '../../audit/audit.service.js';
import { committees, institutions, people, personResearchGroups, researchGroups, roleAssignments, units } from '../../db/schema/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { existingIds, listPeople, loadAffiliations, replaceLinks, unitRefs, type PersonRow } from './people.repo.js';
import type { SessionService } from '../../sessions/session.service.js';
import { proposeGroupRotation } from '../groups/rotation.js';

const PRIVILEGED: Role[] = ['security_manager', 'system_admin'];
const UNIT_KIND_OF_ROLE: Partial<Record<Role, 'data_center' | 'operations_office' | 'study_office'>> = {
  data_center_staff: 'data_center',
  operations_office_staff: 'operations_office',
  study_office_staff: 'study_office',
};
/** A concurrent insert of the same email reaches the unique index: answer 409, not 500. */
function duplicateEmail(e: unknown): never {
  const err = e as { code?: string; cause?: { code?: string } };
  if (err.code === '23505' || err.cause?.code === '23505') throw new ConflictError('DUPLICATE_EMAIL', 'This email address is already registered.', { field: 'email' });
  throw e;
}
const roleKey = (r: RoleAssignment) => [r.role, r.institutionId ?? '', r.researchGroupId ?? '', r.unitId ?? '', r.committeeId ?? ''].join('|');

/** The people directory: affiliations, roles, and who may see and change whom. */
export class PeopleService {
  private readonly sessions: SessionService;
  constructor(private readonly ctx: AppContext) {
    this.sessions = ctx.sessions;
  }

  async list(actor: Actor, q: ListPeopleQuery) {
    await this.ctx.authz.require(actor, 'person.list');
    const { rows, total } = await listPeople(this.ctx.db, q, personScope.filter(actor));
    return { items: await this.summaries(this.ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string): Promise<PersonDto> {
    const [seen] = await this.ctx.db.select({ inScope: inScope(personScope.filter(actor)) }).from(people).where(eq(people.id, id));
    if (!seen) throw new NotFoundError('Person');
    if (!seen.inScope) {
      // Out of scope answers as an unknown id does (404), so ids cannot be probed; the denial is still audited.
      const aff = await loadAffiliations(this.ctx.db, [id]);
      const ids = (refs: { id: string }[] | undefined) => (refs ?? []).map((r) => r.id);
      await this.ctx.authz.requireVisible(actor, 'person.read', { personId: id, institutionIds: ids(aff.inst.get(id)), researchGroupIds: ids(aff.groups.get(id)) }, 'Person');
    }
    const [dto] = await this.details(this.ctx.db, [await this.find(this.ctx.db, id)]);
    if (!dto) throw new NotFoundError('Person');
    // A person's record is personal information: reading it is audited (P32-1.2.1).
    await this.ctx.db.transaction((tx) => appendAudit(tx, this.ctx.clock, actor, { action: 'person.viewed', targetType: 'person', targetId: id }));
    return dto;
  }

  async create(actor: Actor, input: CreatePerson): Promise<PersonDto> {
    await this.ctx.authz.require(actor, 'person.manage');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.createInTx(tx, actor, input);
      return (await this.details(tx, [row]))[0] as PersonDto;
    });
  }

  /** Creates a person inside the caller's transaction (CSV import commits a whole file at once). */
  async createInTx(tx: Conn, actor: Actor, input: CreatePerson): Promise<PersonRow> {
    // policy: caller — runs in the caller's transaction after its check (person.manage, import.run, the demo loader as the system)
    await this.checkRefs(tx, actor, input, []);
    const now = this.ctx.clock.now();
    const [dup] = await tx.select({ id: people.id }).from(people).where(eq(people.email, input.email));
    if (dup) throw new ConflictError('DUPLICATE_EMAIL', 'This email address is already registered.', { field: 'email' });
    const { institutionIds, researchGroupIds, committeeIds, roles, ...fields } = input;
    const [row] = await tx
      .insert(people)
      .values({ ...fields, note: fields.note ?? null, unitId: fields.unitId ?? null, createdAt: now, updatedAt: now })
      .returning()
      .catch(duplicateEmail);
    if (!row) throw new Error('insert returned nothing');
    await replaceLinks(tx, row.id, 'institutions', institutionIds);
    await replaceLinks(tx, row.id, 'researchGroups', researchGroupIds);
    await replaceLinks(tx, row.id, 'committees', committeeIds);
    await appendAudit(tx, this.ctx.clock, actor, { action: 'person.created', targetType: 'person', targetId: row.id, details: { after: { ...fields, institutionIds, researchGroupIds, committeeIds } } });
    await this.syncRoles(tx, actor, row.id, roles);
    return row;
  }

  async update(actor: Actor, id: string, input: UpdatePerson): Promise<PersonDto> {
    await this.ctx.authz.require(actor, 'person.manage');
    await this.requireMayManage(this.ctx.db, actor, id, true);
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.updateInTx(tx, actor, id, input);
      return (await this.details(tx, [row]))[0] as PersonDto;
    });
  }

  async updateInTx(tx: Conn, actor: Actor, id: string, input: UpdatePerson): Promise<PersonRow> {
    // policy: caller — runs in the caller's transaction after its check (person.manage, import.run, an access review's or a registration change's decision); a privileged person is still guarded below
    const before = await this.find(tx, id);
    await this.requireMayManage(tx, actor, id);
    const [beforeDto] = await this.details(tx, [before]);
    await this.checkRefs(tx, actor, input, beforeDto?.roleAssignments ?? []);
    const { institutionIds, researchGroupIds, committeeIds, roles, ...fields } = input;
    if (fields.email && fields.email !== before.email) {
      const [dup] = await tx.select({ id: people.id }).from(people).where(eq(people.email, fields.email));
      if (dup) throw new ConflictError('DUPLICATE_EMAIL', 'This email address is already registered.', { field: 'email' });
    }
    const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => v !== undefined && (before as Record<string, unknown>)[k] !== v));
    const links: Record<string, { before: string[]; after: string[] }> = {};
    const linkChange = async (kind: 'institutions' | 'researchGroups' | 'committees', next: string[] | undefined, prev: string[]) => {
      if (!next) return;
      const a = [...new Set(next)].sort();
      const b = [...prev].sort();
      if (a.join() === b.join()) return;
      await replaceLinks(tx, id, kind, a);
      links[`${kind === 'institutions' ? 'institution' : kind === 'researchGroups' ? 'researchGroup' : 'committee'}Ids`] = { before: b, after: a };
    };
    await linkChange('institutions', institutionIds, beforeDto?.institutions.map((x) => x.id) ?? []);
    await linkChange('researchGroups', researchGroupIds, beforeDto?.researchGroups.map((x) => x.id) ?? []);
    await linkChange('committees', committeeIds, beforeDto?.committees.map((x) => x.id) ?? []);
    // Whoever leaves a research group may still know its group ID: propose a rotation (P32-2.1.3d).
    const leftGroups = links.researchGroupIds ? links.researchGroupIds.before.filter((g) => !links.researchGroupIds!.after.includes(g)) : [];
    if (leftGroups.length > 0) await proposeGroupRotation(tx, this.ctx, actor, leftGroups, 'member_left');
    let row = before;
    if (Object.keys(changed).length || Object.keys(links).length) {
      [row] = (await tx.update(people).set({ ...changed, updatedAt: this.ctx.clock.now() }).where(eq(people.id, id)).returning().catch(duplicateEmail)) as [PersonRow];
      const beforeFields = Object.fromEntries(Object.keys(changed).map((k) => [k, (before as Record<string, unknown>)[k]]));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'person.updated', targetType: 'person', targetId: id, details: { before: beforeFields, after: changed, links } });
    }
    if (roles) await this.syncRoles(tx, actor, id, roles);
    return row;
  }

  async setActive(actor: Actor, id: string, active: boolean): Promise<PersonDto> {
    await this.ctx.authz.require(actor, 'person.manage');
    if (!active && id === actor.personId) throw new ValidationError('You cannot deactivate yourself.');
    await this.requireMayManage(this.ctx.db, actor, id, true);
    return this.ctx.db.transaction(async (tx) => {
      const before = await this.find(tx, id);
      await this.requireMayManage(tx, actor, id);
      let row = before;
      if (before.active !== active) {
        const now = this.ctx.clock.now();
        [row] = (await tx.update(people).set({ active, deactivatedAt: active ? null : now, updatedAt: now }).where(eq(people.id, id)).returning()) as [PersonRow];
        if (!active) {
          await this.sessions.endAllFor(tx, id, 'person_deactivated');
          const groups = await tx.select({ id: personResearchGroups.researchGroupId }).from(personResearchGroups).where(eq(personResearchGroups.personId, id));
          if (groups.length > 0) await proposeGroupRotation(tx, this.ctx, actor, groups.map((g) => g.id), 'member_left');
        }
        await appendAudit(tx, this.ctx.clock, actor, active
          ? { action: 'person.updated', targetType: 'person', targetId: id, details: { before: { active: false }, after: { active: true } } }
          : { action: 'person.deactivated', targetType: 'person', targetId: id });
      }
      return (await this.details(tx, [row]))[0] as PersonDto;
    });
  }

  /**
   * Only those who may grant the manager and administrator roles may edit or deactivate a person
   * holding one: otherwise data center staff could lock the information security manager out.
   */
  private async requireMayManage(conn: Conn, actor: Actor, personId: string, audited = false): Promise<void> {
    if (can(actor, 'role.grant_privileged')) return;
    const held = await conn.select({ role: roleAssignments.role }).from(roleAssignments).where(eq(roleAssignments.personId, personId));
    if (!held.some((r) => PRIVILEGED.includes(r.role as Role))) return;
    // Outside a transaction the denial is recorded; inside one (CSV import) the caller's failure is.
    if (audited) await this.ctx.authz.require(actor, 'role.grant_privileged', { personId });
    throw new ForbiddenError('role.grant_privileged');
  }

  private async find(conn: Conn, id: string): Promise<PersonRow> {
    const [row] = await conn.select().from(people).where(eq(people.id, id));
    if (!row) throw new NotFoundError('Person');
    return row;
  }

  /** Reference and role checks shared by create and update; nothing is written when they fail. */
  private async checkRefs(conn: Conn, actor: Actor, input: UpdatePerson, currentRoles: RoleAssignment[]) {
    const problems: { path: string; message: string }[] = [];
    type RefTable = typeof institutions | typeof researchGroups | typeof committees | typeof units;
    const check = async (table: RefTable, ids: string[], path: string) => {
      const found = await existingIds(conn, table, ids);
      ids.forEach((id, i) => { if (!found.has(id)) problems.push({ path: `${path}.${i}`, message: 'does not exist' }); });
    };
    // A single reference is named by its own path (`unitId`, `roles.0.institutionId`), not `unitId.0`.
    const checkOne = async (table: RefTable, id: string | null | undefined, path: string) => {
      if (id && !(await existingIds(conn, table, [id])).has(id)) problems.push({ path, message: 'does not exist' });
    };
    await check(institutions, input.institutionIds ?? [], 'institutionIds');
    await check(researchGroups, input.researchGroupIds ?? [], 'researchGroupIds');
    await check(committees, input.committeeIds ?? [], 'committeeIds');
    await checkOne(units, input.unitId, 'unitId');
    for (const [i, r] of (input.roles ?? []).entries()) {
      for (const field of ROLE_SCOPE[r.role]) if (!r[field]) problems.push({ path: `roles.${i}.${field}`, message: `required for ${r.role}` });
      await checkOne(institutions, r.institutionId, `roles.${i}.institutionId`);
      await checkOne(researchGroups, r.researchGroupId, `roles.${i}.researchGroupId`);
      await checkOne(units, r.unitId, `roles.${i}.unitId`);
      await checkOne(committees, r.committeeId, `roles.${i}.committeeId`);
      // The scope must be of the kind the role names: data center staff belong to the data center, and so on.
      const unitKind = UNIT_KIND_OF_ROLE[r.role];
      if (unitKind && r.unitId) {
        const [u] = await conn.select({ kind: units.kind }).from(units).where(eq(units.id, r.unitId));
        if (u && u.kind !== unitKind) problems.push({ path: `roles.${i}.unitId`, message: `must be a ${unitKind} unit` });
      }
      if (r.role === 'steering_committee_member' && r.committeeId) {
        const [c] = await conn.select({ kind: committees.kind }).from(committees).where(eq(committees.id, r.committeeId));
        if (c && c.kind !== 'steering') problems.push({ path: `roles.${i}.committeeId`, message: 'must be the steering committee' });
      }
    }
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
    if (input.roles) {
      const before = new Set(currentRoles.filter((r) => PRIVILEGED.includes(r.role)).map(roleKey));
      const after = new Set(input.roles.filter((r) => PRIVILEGED.includes(r.role)).map(roleKey));
      const touchesPrivileged = [...before].some((k) => !after.has(k)) || [...after].some((k) => !before.has(k));
      if (touchesPrivileged && !can(actor, 'role.grant_privileged')) throw new ForbiddenError('role.grant_privileged');
    }
  }

  /** Makes the person's role assignments equal to `wanted`, auditing each grant and revocation. */
  private async syncRoles(tx: Conn, actor: Actor, personId: string, wanted: RoleAssignment[]) {
    const current = await tx.select().from(roleAssignments).where(eq(roleAssignments.personId, personId));
    const wantedByKey = new Map(wanted.map((r) => [roleKey(r), r]));
    const currentByKey = new Map(current.map((r) => [roleKey(r as RoleAssignment), r]));
    for (const [key, r] of currentByKey) {
      if (wantedByKey.has(key)) continue;
      await tx.delete(roleAssignments).where(eq(roleAssignments.id, r.id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'role.revoked', targetType: 'person', targetId: personId, details: { role: r.role, institutionId: r.institutionId, researchGroupId: r.researchGroupId, unitId: r.unitId, committeeId: r.committeeId } });
    }
    for (const [key, r] of wantedByKey) {
      if (currentByKey.has(key)) continue;
      const row = { personId, role: r.role, institutionId: r.institutionId ?? null, researchGroupId: r.researchGroupId ?? null, unitId: r.unitId ?? null, committeeId: r.committeeId ?? null, createdAt: this.ctx.clock.now() };
      await tx.insert(roleAssignments).values(row);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'role.granted', targetType: 'person', targetId: personId, details: { role: r.role, institutionId: row.institutionId, researchGroupId: row.researchGroupId, unitId: row.unitId, committeeId: row.committeeId } });
    }
  }

  private async summaries(conn: Conn, rows: PersonRow[]): Promise<PersonSummaryDto[]> {
    const aff = await loadAffiliations(conn, rows.map((r) => r.id));
    const unitMap = await unitRefs(conn, rows.map((r) => r.unitId));
    return rows.map((r) => ({
      id: r.id,
      familyNameJa: r.familyNameJa,
      givenNameJa: r.givenNameJa,
      familyNameKana: r.familyNameKana,
      givenNameKana: r.givenNameKana,
      familyNameEn: r.familyNameEn,
      givenNameEn: r.givenNameEn,
      email: r.email,
      unit: r.unitId ? (unitMap.get(r.unitId) ?? null) : null,
      institutions: aff.inst.get(r.id) ?? [],
      roles: [...new Set((aff.roles.get(r.id) ?? []).map((x) => x.role as Role))],
      active: r.active,
      accountStatus: AccountStatus.catch('none').parse(r.accountStatus),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  private async details(conn: Conn, rows: PersonRow[]): Promise<PersonDto[]> {
    const aff = await loadAffiliations(conn, rows.map((r) => r.id));
    const base = await this.summaries(conn, rows);
    return rows.map((r, i) => ({
      ...(base[i] as PersonSummaryDto),
      researchGroups: aff.groups.get(r.id) ?? [],
      committees: aff.comms.get(r.id) ?? [],
      roleAssignments: (aff.roles.get(r.id) ?? []).map((x) => ({ id: x.id, role: x.role as Role, institutionId: x.institutionId, researchGroupId: x.researchGroupId, unitId: x.unitId, committeeId: x.committeeId })),
      note: r.note,
      createdAt: r.createdAt.toISOString(),
      deactivatedAt: r.deactivatedAt?.toISOString() ?? null,
    }));
  }
}
