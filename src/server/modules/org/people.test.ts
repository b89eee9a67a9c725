import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatePersonInput, PersonDto, PersonSummaryDto, RoleAssignment } from '../../../shared/org.js';
import { ROLE_SCOPE, ROLES } from '../../../shared/roles.js';
import { queryRows } from '../../db/client.js';
import { sessions } from '../../db/schema/index.js';
import { auditAfter as auditAfterIn, createTestApp, errorCode, fieldPaths, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { makeRegistries } from './registries.js';
import { PeopleService } from './people.service.js';
import { CreatePerson } from '../../../shared/org.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let opsUnit: { id: string };
let manager: Client;
let dcStaff: Client;
let dcStaffId: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  opsUnit = (await makeRegistries(t.ctx).units.create(system, { code: 'OPS-P', kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' })) as { id: string };
  const m = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  manager = await sessionFor(t, m.id);
  const d = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  dcStaffId = d.id;
  dcStaff = await sessionFor(t, d.id);
});
afterAll(() => t?.close());

// ---- helpers ----------------------------------------------------------------------------------

type Page = { items: PersonSummaryDto[]; total: number; page: number; pageSize: number };

let n = 0;
const uniq = () => `${++n}`;
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const lastSeq = () => lastAuditSeq(t);
const auditAfter = (seq: number) => auditAfterIn(t, seq);

/** A valid body for POST /api/people with a unique email. */
function personBody(over: Partial<CreatePersonInput> = {}): CreatePersonInput & { email: string } {
  const i = uniq();
  return { familyNameJa: '山田', givenNameJa: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', familyNameEn: 'Yamada', givenNameEn: 'Hanako', email: `hanako${i}@example.jp`, ...over } as CreatePersonInput & { email: string };
}

/** How many people (active or not) have this email, as the directory shows them to the manager. */
async function countEmail(email: string): Promise<number> {
  const res = await manager.get(`/api/people?q=${encodeURIComponent(email)}&includeInactive=true`);
  expect(res.status).toBe(200);
  return (res.body as Page).items.filter((p) => p.email === email.toLowerCase()).length;
}

async function listAll(c: Client, query = ''): Promise<Page> {
  const res = await c.get(`/api/people?pageSize=200${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const page = res.body as Page;
  expect(page.total).toBeLessThanOrEqual(200); // one page holds them all, so ids below are complete
  return page;
}
const ids = (p: Page) => p.items.map((i) => i.id).sort();

// ---- POST /api/people -------------------------------------------------------------------------

describe('POST /api/people', () => {
  it('creates a person with affiliations and roles, recording person.created and each role.granted once', async () => {
    const roles: RoleAssignment[] = [
      { role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id },
      { role: 'steering_committee_member', committeeId: org.steering.id },
    ];
    const body = personBody({ email: `Mixed.Case${uniq()}@Example.JP`, institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], committeeIds: [org.steering.id], roles });
    const seq = await lastSeq();
    const res = await dcStaff.post('/api/people', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const dto = res.body as PersonDto;
    expect(dto).toMatchObject({
      familyNameJa: '山田',
      familyNameKana: 'ヤマダ',
      familyNameEn: 'Yamada',
      email: body.email.toLowerCase(),
      active: true,
      accountStatus: 'none',
      institutions: [{ id: org.instA.id }],
      researchGroups: [{ id: org.rgA.id }],
      committees: [{ id: org.steering.id }],
    });
    expect([...dto.roles].sort()).toEqual(['site_coordinator', 'steering_committee_member']);
    expect(dto.roleAssignments.map(({ id: _id, ...r }) => r)).toEqual(
      expect.arrayContaining([
        { role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id, unitId: null, committeeId: null },
        { role: 'steering_committee_member', institutionId: null, researchGroupId: null, unitId: null, committeeId: org.steering.id },
      ]),
    );
    const entries = await auditAfter(seq);
    expect(entries.map((e) => [e.action, e.targetId, e.actorPersonId])).toEqual([
      ['person.created', dto.id, dcStaffId],
      ['role.granted', dto.id, dcStaffId],
      ['role.granted', dto.id, dcStaffId],
    ]);
    expect(entries.slice(1).map((e) => (e.details as { role: string }).role).sort()).toEqual(['site_coordinator', 'steering_committee_member']);
    const got = await manager.get(`/api/people/${dto.id}`);
    expect(got.body).toEqual(dto);
  });

  it('answers 400 with path roles.0.researchGroupId for a site coordinator without a research group, and creates nothing', async () => {
    const body = personBody({ institutionIds: [org.instA.id], roles: [{ role: 'site_coordinator', institutionId: org.instA.id }] });
    const seq = await lastSeq();
    const res = await dcStaff.post('/api/people', body);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect(fieldPaths(res)).toEqual(['roles.0.researchGroupId']);
    expect(await countEmail(body.email)).toBe(0);
    expect(await auditAfter(seq)).toEqual([]);
  });

  it('requires every scope field ROLE_SCOPE names for each role', async () => {
    const scopeValue = { institutionId: () => org.instA.id, researchGroupId: () => org.rgA.id, unitId: () => org.dc.id, committeeId: () => org.steering.id };
    const got: Record<string, string[]> = {};
    const want: Record<string, string[]> = {};
    for (const role of ROLES) {
      for (const missing of ROLE_SCOPE[role]) {
        const assignment: RoleAssignment = { role };
        for (const f of ROLE_SCOPE[role]) if (f !== missing) assignment[f] = scopeValue[f]();
        const res = await dcStaff.post('/api/people', personBody({ roles: [{ role: 'contractor' }, assignment] }));
        got[`${role} without ${missing}`] = res.status === 400 ? fieldPaths(res) : [`status ${res.status}`];
        want[`${role} without ${missing}`] = [`roles.1.${missing}`];
      }
    }
    expect(Object.keys(want).length).toBe(8);
    expect(got).toEqual(want);
  });

  it.each([
    ['an institution', () => ({ institutionIds: [org.instA.id, NO_SUCH_ID] }), 'institutionIds.1'],
    ['a research group', () => ({ researchGroupIds: [NO_SUCH_ID] }), 'researchGroupIds.0'],
    ['a committee', () => ({ committeeIds: [NO_SUCH_ID] }), 'committeeIds.0'],
    ['a unit', () => ({ unitId: NO_SUCH_ID }), 'unitId'],
    ['a role’s institution', () => ({ roles: [{ role: 'researcher' as const, institutionId: NO_SUCH_ID }] }), 'roles.0.institutionId'],
  ])('answers 400 naming an unknown %s, and creates nothing', async (_what, over, path) => {
    const body = personBody(over());
    const seq = await lastSeq();
    const res = await dcStaff.post('/api/people', body);
    expect(res.status).toBe(400);
    expect(fieldPaths(res)).toEqual([path]);
    expect(await countEmail(body.email)).toBe(0);
    expect(await auditAfter(seq)).toEqual([]);
  });

  it.each([
    ['a kana name in Latin letters', { familyNameKana: 'Yamada' }, 'familyNameKana'],
    ['a missing English family name', { familyNameEn: undefined }, 'familyNameEn'],
    ['a blank Japanese family name', { familyNameJa: '  ' }, 'familyNameJa'],
    ['a malformed email', { email: 'not-an-email' }, 'email'],
    ['an unknown role', { roles: [{ role: 'superuser' }] }, 'roles.0.role'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_what, over, path) => {
    const res = await dcStaff.post('/api/people', { ...personBody(), ...over });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect(fieldPaths(res)).toEqual([path]);
  });

  it('answers 409 DUPLICATE_EMAIL for an email already registered in another case, and records nothing', async () => {
    const first = await seedPerson(t, { email: `Dup${uniq()}@example.jp` });
    const seq = await lastSeq();
    const res = await dcStaff.post('/api/people', personBody({ email: first.email.toUpperCase() }));
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe('DUPLICATE_EMAIL');
    expect(await countEmail(first.email)).toBe(1);
    expect(await auditAfter(seq)).toEqual([]);
  });

  it.each([['security_manager'], ['system_admin']] as const)('returns 403 when data center staff try to grant %s, and creates nothing', async (role) => {
    const body = personBody({ roles: [{ role }] });
    const res = await dcStaff.post('/api/people', body);
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(await countEmail(body.email)).toBe(0);
  });

  it.each([['security_manager'], ['system_admin']] as const)('lets the security manager grant %s', async (role) => {
    const res = await manager.post('/api/people', personBody({ roles: [{ role }] }));
    expect(res.status).toBe(201);
    expect((res.body as PersonDto).roles).toEqual([role]);
  });

  it('returns 403 to a researcher and creates nothing', async () => {
    const r = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    const body = personBody();
    const seq = await lastSeq();
    const res = await (await sessionFor(t, r.id)).post('/api/people', body);
    expect(res.status).toBe(403);
    expect(await countEmail(body.email)).toBe(0);
    expect((await auditAfter(seq)).map((e) => e.action)).toEqual(['authz.denied']);
  });

  it('writes the person and their audit entries in the caller’s transaction (both roll back together)', async () => {
    const svc = new PeopleService(t.ctx);
    const input = CreatePerson.parse(personBody({ institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] }));
    const seq = await lastSeq();
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await svc.createInTx(tx, system, input);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await countEmail(input.email)).toBe(0);
    expect(await auditAfter(seq)).toEqual([]);
  });
});

// ---- PATCH /api/people/:id --------------------------------------------------------------------

describe('PATCH /api/people/:id', () => {
  it('changes only the given fields and records before and after', async () => {
    const p = await seedPerson(t, { institutionIds: [org.instA.id], note: 'first note' });
    const seq = await lastSeq();
    t.clock.advance(1000);
    const res = await dcStaff.patch(`/api/people/${p.id}`, { givenNameEn: 'Hanae', note: 'second note', institutionIds: [org.instB.id] });
    expect(res.status).toBe(200);
    const after = res.body as PersonDto;
    expect(after).toEqual({ ...p, givenNameEn: 'Hanae', note: 'second note', institutions: [expect.objectContaining({ id: org.instB.id })], updatedAt: after.updatedAt });
    const entries = await auditAfter(seq);
    expect(entries.map((e) => [e.action, e.targetId])).toEqual([['person.updated', p.id]]);
    expect(entries[0]!.details).toEqual({
      before: { givenNameEn: p.givenNameEn, note: 'first note' },
      after: { givenNameEn: 'Hanae', note: 'second note' },
      links: { institutionIds: { before: [org.instA.id], after: [org.instB.id] } },
    });
  });

  it('records each role change as role.granted or role.revoked', async () => {
    const p = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    const seq = await lastSeq();
    const res = await dcStaff.patch(`/api/people/${p.id}`, { roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
    expect(res.status).toBe(200);
    expect((res.body as PersonDto).roles).toEqual(['site_coordinator']);
    const entries = await auditAfter(seq);
    expect(entries.map((e) => [e.action, (e.details as { role: string }).role, e.targetId])).toEqual([
      ['role.revoked', 'researcher', p.id],
      ['role.granted', 'site_coordinator', p.id],
    ]);
    expect(entries[1]!.details).toMatchObject({ institutionId: org.instA.id, researchGroupId: org.rgA.id });
  });

  it('applies a role change on the very next request of the same session', async () => {
    const p = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
    const c = await sessionFor(t, p.id);
    const inst = (i: string) => ({ code: `NEXT-${i}`, nameJa: '次病院', nameEn: 'Next Hospital', prefecture: '13' });
    expect((await c.post('/api/institutions', inst(uniq()))).status).toBe(201);
    expect((await manager.patch(`/api/people/${p.id}`, { roles: [] })).status).toBe(200);
    const refused = await c.post('/api/institutions', inst(uniq()));
    expect(refused.status).toBe(403);
    expect((await manager.patch(`/api/people/${p.id}`, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).status).toBe(200);
    expect((await c.post('/api/institutions', inst(uniq()))).status).toBe(201);
  });

  it('returns 403 when data center staff revoke or grant a privileged role, and changes nothing', async () => {
    const boss = await seedPerson(t, { roles: [{ role: 'system_admin' }] });
    const seq = await lastSeq();
    const revoke = await dcStaff.patch(`/api/people/${boss.id}`, { roles: [] });
    expect(revoke.status).toBe(403);
    const grant = await dcStaff.patch(`/api/people/${boss.id}`, { roles: [{ role: 'system_admin' }, { role: 'security_manager' }] });
    expect(grant.status).toBe(403);
    expect(((await manager.get(`/api/people/${boss.id}`)).body as PersonDto).roles).toEqual(['system_admin']);
    expect((await auditAfter(seq)).filter((e) => e.action === 'role.granted' || e.action === 'role.revoked')).toEqual([]);
  });

  it('refuses data center staff any change to a person holding a privileged role, so they cannot lock the manager out', async () => {
    const boss = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
    const seq = await lastSeq();
    expect((await dcStaff.patch(`/api/people/${boss.id}`, { roles: [{ role: 'security_manager' }, { role: 'contractor' }] })).status).toBe(403);
    expect((await dcStaff.patch(`/api/people/${boss.id}`, { email: `taken-over-${uniq()}@example.jp` })).status).toBe(403);
    expect((await dcStaff.post(`/api/people/${boss.id}/deactivate`)).status).toBe(403);
    expect((await auditAfter(seq)).map((e) => e.action)).toEqual(['authz.denied', 'authz.denied', 'authz.denied']);
    const res = await manager.patch(`/api/people/${boss.id}`, { roles: [{ role: 'security_manager' }, { role: 'contractor' }] });
    expect(res.status).toBe(200);
    expect([...(res.body as PersonDto).roles].sort()).toEqual(['contractor', 'security_manager']);
  });

  it('answers 409 DUPLICATE_EMAIL when taking another person’s email in another case, and changes nothing', async () => {
    const a = await seedPerson(t);
    const b = await seedPerson(t);
    const seq = await lastSeq();
    const res = await dcStaff.patch(`/api/people/${b.id}`, { email: a.email.toUpperCase(), note: 'should not stick' });
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe('DUPLICATE_EMAIL');
    expect((await manager.get(`/api/people/${b.id}`)).body).toMatchObject({ email: b.email, note: null });
    expect((await auditAfter(seq)).map((e) => e.action)).toEqual(['person.viewed']);
  });

  it('answers 404 for an unknown person and 400 for an id that is not a UUID', async () => {
    expect((await dcStaff.patch(`/api/people/${NO_SUCH_ID}`, { note: 'x' })).status).toBe(404);
    const bad = await dcStaff.patch('/api/people/12345', { note: 'x' });
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad)).toEqual(['params.id']);
  });

  it('returns 403 to an operations office member (who may read but not change people)', async () => {
    const ops = await seedPerson(t, { unitId: opsUnit.id, roles: [{ role: 'operations_office_staff', unitId: opsUnit.id }] });
    const p = await seedPerson(t);
    const res = await (await sessionFor(t, ops.id)).patch(`/api/people/${p.id}`, { note: 'nope' });
    expect(res.status).toBe(403);
    expect((await manager.get(`/api/people/${p.id}`)).body).toMatchObject({ note: null });
  });

  it('writes changes and their audit entries in the caller’s transaction (both roll back together)', async () => {
    const svc = new PeopleService(t.ctx);
    const p = await seedPerson(t, { roles: [{ role: 'contractor' }] });
    const seq = await lastSeq();
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await svc.updateInTx(tx, system, p.id, { note: 'rolled back', roles: [] });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await manager.get(`/api/people/${p.id}`)).body).toMatchObject({ note: null, roles: ['contractor'] });
    expect((await auditAfter(seq)).map((e) => e.action)).toEqual(['person.viewed']);
  });
});

// ---- deactivate / reactivate ------------------------------------------------------------------

describe('POST /api/people/:id/deactivate', () => {
  it('deactivates the person, ends their sessions at once and records person.deactivated once', async () => {
    const p = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    const c = await sessionFor(t, p.id);
    const c2 = await sessionFor(t, p.id);
    expect((await c.get('/api/institutions')).status).toBe(200);
    const seq = await lastSeq();
    const res = await dcStaff.post(`/api/people/${p.id}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: p.id, active: false, deactivatedAt: t.clock.now().toISOString() });
    expect((await auditAfter(seq)).map((e) => [e.action, e.targetId])).toEqual([['person.deactivated', p.id]]);
    expect((await c.get('/api/institutions')).status).toBe(401);
    expect((await c2.get('/api/institutions')).status).toBe(401);
    const rows = await t.ctx.db.select().from(sessions).where(eq(sessions.personId, p.id));
    expect(rows.map((r) => r.endReason)).toEqual(['person_deactivated', 'person_deactivated']);
  });

  it('hides deactivated people from the default list but not with includeInactive=true', async () => {
    const p = await seedPerson(t, { email: `gone${uniq()}@example.jp` });
    await dcStaff.post(`/api/people/${p.id}/deactivate`);
    expect(ids(await listAll(manager, `&q=${p.email}`))).toEqual([]);
    expect(ids(await listAll(manager, `&q=${p.email}&includeInactive=true`))).toEqual([p.id]);
  });

  it('refuses to let a person deactivate themselves (400) and keeps them signed in', async () => {
    const seq = await lastSeq();
    const res = await dcStaff.post(`/api/people/${dcStaffId}/deactivate`);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect(await auditAfter(seq)).toEqual([]);
    expect((await dcStaff.get(`/api/people/${dcStaffId}`)).body).toMatchObject({ active: true });
  });

  it('reactivates a person with one person.updated entry; their old sessions stay ended', async () => {
    const p = await seedPerson(t);
    const old = await sessionFor(t, p.id);
    await dcStaff.post(`/api/people/${p.id}/deactivate`);
    const seq = await lastSeq();
    const res = await dcStaff.post(`/api/people/${p.id}/reactivate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: true, deactivatedAt: null });
    const entries = await auditAfter(seq);
    expect(entries.map((e) => [e.action, e.targetId])).toEqual([['person.updated', p.id]]);
    expect(entries[0]!.details).toEqual({ before: { active: false }, after: { active: true } });
    expect((await old.get('/api/institutions')).status).toBe(401);
    expect((await (await sessionFor(t, p.id)).get('/api/institutions')).status).toBe(200);
  });

  it('returns 403 to a researcher and leaves the person active', async () => {
    const r = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    const victim = await seedPerson(t, { institutionIds: [org.instA.id] });
    expect((await (await sessionFor(t, r.id)).post(`/api/people/${victim.id}/deactivate`)).status).toBe(403);
    expect((await manager.get(`/api/people/${victim.id}`)).body).toMatchObject({ active: true });
  });
});

// ---- who sees whom ----------------------------------------------------------------------------

describe('GET /api/people and GET /api/people/:id (visibility)', () => {
  let researcherA: { id: string; c: Client };
  let colleague: PersonDto;
  let atB: PersonDto;
  let groupAOnly: PersonDto;

  beforeAll(async () => {
    colleague = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    atB = await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
    groupAOnly = await seedPerson(t, { researchGroupIds: [org.rgA.id] });
    const r = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    researcherA = { id: r.id, c: await sessionFor(t, r.id) };
  });

  /** Active people linked to the institution or group, plus `self`: what a scoped list must equal. */
  async function expectedIds(link: 'institution' | 'group', id: string, self: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      t.ctx.db,
      link === 'institution'
        ? sql`select p.id::text as id from people p where p.active and (p.id = ${self} or exists (select 1 from person_institutions x where x.person_id = p.id and x.institution_id = ${id}))`
        : sql`select p.id::text as id from people p where p.active and (p.id = ${self} or exists (select 1 from person_research_groups x where x.person_id = p.id and x.research_group_id = ${id}))`,
    );
    return rows.map((r) => r.id).sort();
  }

  it('shows a researcher exactly the people of their institution and themselves', async () => {
    const page = await listAll(researcherA.c);
    expect(ids(page)).toEqual(await expectedIds('institution', org.instA.id, researcherA.id));
    expect(ids(page)).toContain(colleague.id);
    expect(ids(page)).not.toContain(atB.id);
    expect(ids(page)).not.toContain(groupAOnly.id);
    expect(page.total).toBe(page.items.length);
  });

  it('lets a researcher open a colleague’s record (one person.viewed entry each time) but not someone at another institution, answered as an unknown id', async () => {
    const seq = await lastSeq();
    expect((await researcherA.c.get(`/api/people/${colleague.id}`)).status).toBe(200);
    expect((await researcherA.c.get(`/api/people/${colleague.id}`)).status).toBe(200);
    const denied = await researcherA.c.get(`/api/people/${atB.id}`);
    const unknown = await researcherA.c.get(`/api/people/${randomUUID()}`);
    expect([denied.status, errorCode(denied)]).toEqual([404, 'NOT_FOUND']);
    expect(denied.body).toMatchObject({ error: { message: (unknown.body as { error: { message: string } }).error.message } });
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'NOT_FOUND']);
    const entries = await auditAfter(seq);
    expect(entries.map((e) => [e.action, e.actorPersonId, e.targetId ?? (e.details as { resource: { personId: string } }).resource.personId])).toEqual([
      ['person.viewed', researcherA.id, colleague.id],
      ['person.viewed', researcherA.id, colleague.id],
      ['authz.denied', researcherA.id, atB.id],
    ]);
  });

  it('shows operations office staff everyone', async () => {
    const ops = await seedPerson(t, { unitId: opsUnit.id, roles: [{ role: 'operations_office_staff', unitId: opsUnit.id }] });
    const c = await sessionFor(t, ops.id);
    const [row] = await queryRows<{ n: number | string }>(t.ctx.db, sql`select count(*) as n from people where active`);
    const page = await listAll(c);
    expect(page.total).toBe(Number(row!.n));
    expect(ids(page)).toEqual(expect.arrayContaining([colleague.id, atB.id, groupAOnly.id]));
    expect((await c.get(`/api/people/${atB.id}`)).status).toBe(200);
  });

  it('shows study office staff the people of their research groups', async () => {
    const so = await seedPerson(t, { unitId: org.so.id, researchGroupIds: [org.rgA.id], roles: [{ role: 'study_office_staff', unitId: org.so.id }] });
    const c = await sessionFor(t, so.id);
    const page = await listAll(c);
    expect(ids(page)).toEqual(await expectedIds('group', org.rgA.id, so.id));
    expect(ids(page)).toEqual(expect.arrayContaining([colleague.id, groupAOnly.id]));
    expect(ids(page)).not.toContain(atB.id);
    expect((await c.get(`/api/people/${groupAOnly.id}`)).status).toBe(200);
    expect((await c.get(`/api/people/${atB.id}`)).status).toBe(404);
  });

  it('shows a contractor only themselves', async () => {
    const k = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'contractor' }] });
    const c = await sessionFor(t, k.id);
    const page = await listAll(c);
    expect(ids(page)).toEqual([k.id]);
    expect(page.total).toBe(1);
    expect((await c.get(`/api/people/${k.id}`)).status).toBe(200);
    expect((await c.get(`/api/people/${colleague.id}`)).status).toBe(404);
  });

  it('answers 404 for an unknown person and 400 for an id that is not a UUID', async () => {
    const missing = await manager.get(`/api/people/${NO_SUCH_ID}`);
    expect(missing.status).toBe(404);
    expect(errorCode(missing)).toBe('NOT_FOUND');
    const bad = await manager.get('/api/people/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad)).toEqual(['params.id']);
  });
});

// ---- search, sort, pages ----------------------------------------------------------------------

describe('GET /api/people (search, sort, pages)', () => {
  let ichiro: PersonDto;
  let jiro: PersonDto;

  beforeAll(async () => {
    const i = uniq();
    ichiro = await seedPerson(t, { familyNameJa: '鈴木', givenNameJa: '一郎', familyNameKana: 'スズキ', givenNameKana: 'イチロウ', familyNameEn: 'Suzuki', givenNameEn: 'Ichiro', email: `ichiro.suzuki${i}@example.jp` });
    jiro = await seedPerson(t, { familyNameJa: '鈴木', givenNameJa: '二郎', familyNameKana: 'スズキ', givenNameKana: 'ジロウ', familyNameEn: 'Suzuki', givenNameEn: 'Jiro', email: `jiro${i}@example.jp` });
  });

  it.each([
    ['kanji family and given name together', '鈴木一郎', ['ichiro']],
    ['kanji given name', '一郎', ['ichiro']],
    ['kanji family name', '鈴木', ['ichiro', 'jiro']],
    ['katakana', 'スズキ', ['ichiro', 'jiro']],
    ['katakana given name', 'イチロウ', ['ichiro']],
    ['English full name in lower case', 'ichiro suzuki', ['ichiro']],
    ['English family name in upper case', 'SUZUKI', ['ichiro', 'jiro']],
    ['email, any case', 'ICHIRO.SUZUKI', ['ichiro']],
  ])('finds people by %s', async (_how, q, who) => {
    const byId = { [ichiro.id]: 'ichiro', [jiro.id]: 'jiro' } as Record<string, string>;
    const page = await listAll(manager, `&q=${encodeURIComponent(q)}`);
    expect(page.items.map((p) => byId[p.id] ?? p.email).sort()).toEqual(who);
  });

  it('treats % and _ in the search as literal characters', async () => {
    const i = uniq();
    const under = await seedPerson(t, { email: `lit_x${i}@example.jp` });
    await seedPerson(t, { email: `litax${i}@example.jp` });
    expect(ids(await listAll(manager, `&q=${encodeURIComponent(`lit_x${i}`)}`))).toEqual([under.id]);
    expect(ids(await listAll(manager, `&q=${encodeURIComponent(`lit%${i}`)}`))).toEqual([]);
  });

  it('sorts by each sortable column, ascending and descending, and pages on the server', async () => {
    // Order by email a b c; kana b c a; English c a b; last update b a c.
    const tag = `srtp${uniq()}`;
    const spec = {
      a: { email: `${tag}-a@example.jp`, familyNameKana: 'ウエノ', familyNameEn: 'Bravo' },
      b: { email: `${tag}-b@example.jp`, familyNameKana: 'アオキ', familyNameEn: 'Charlie' },
      c: { email: `${tag}-c@example.jp`, familyNameKana: 'イトウ', familyNameEn: 'Alpha' },
    };
    const letter: Record<string, string> = {};
    for (const k of ['b', 'a', 'c'] as const) {
      t.clock.advance(1000);
      letter[(await seedPerson(t, spec[k])).id] = k;
    }
    const expected: Record<string, string> = { email: 'abc', familyNameKana: 'bca', familyNameEn: 'cab', updatedAt: 'bac' };
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const [col, order] of Object.entries(expected)) {
      for (const dir of ['asc', 'desc']) {
        got[`${col} ${dir}`] = (await listAll(manager, `&q=${tag}&sort=${col}&dir=${dir}`)).items.map((p) => letter[p.id]).join('');
        want[`${col} ${dir}`] = dir === 'asc' ? order : [...order].reverse().join('');
      }
    }
    expect(got).toEqual(want);
    const p1 = (await manager.get(`/api/people?q=${tag}&sort=email&pageSize=2&page=1`)).body as Page;
    const p2 = (await manager.get(`/api/people?q=${tag}&sort=email&pageSize=2&page=2`)).body as Page;
    expect([p1.items.map((p) => letter[p.id]).join(''), p1.total, p2.items.map((p) => letter[p.id]).join(''), p2.total, p2.page]).toEqual(['ab', 3, 'c', 3, 2]);
    expect((await manager.get('/api/people?sort=givenNameJa')).status).toBe(400);
  });
});

describe('leaving a research group (P32-2.1.3d)', () => {
  it('proposes a rotation of the group ID when an edit removes the person from the group, and when the person is deactivated', async () => {
    const { ensureIssued } = await import('../groups/rotation.js');
    const { groupRotationProposals } = await import('../../db/schema/index.js');
    const rg = (await makeRegistries(t.ctx).researchGroups.create(system, { code: `RG-LEAVE-${uniq()}`, nameJa: '離脱グループ', nameEn: 'Leaving Group' })) as { id: string };
    await t.ctx.db.transaction((tx) => ensureIssued(tx, t.ctx, system, rg.id));
    const proposals = () => t.ctx.db.select().from(groupRotationProposals).where(eq(groupRotationProposals.researchGroupId, rg.id));
    const p = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [rg.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    expect(await proposals()).toEqual([]);

    const res = await dcStaff.patch(`/api/people/${p.id}`, { researchGroupIds: [] });
    expect(res.status).toBe(200);
    expect(await proposals()).toMatchObject([{ reason: 'member_left', status: 'open' }]);

    // A second leaver (by deactivation) joins the open proposal instead of opening another.
    const q = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [rg.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    expect((await dcStaff.post(`/api/people/${q.id}/deactivate`)).status).toBe(200);
    const after = await proposals();
    expect(after).toHaveLength(1);
    expect(after[0]!.occurrences.length).toBeGreaterThanOrEqual(2);
  });
});
