import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ROLE_SCOPE, type Role } from '../../shared/roles.js';
import { CreatePerson } from '../../shared/org.js';
import { verifyAudit } from '../audit/audit.service.js';
import { queryRows } from '../db/client.js';
import type { Actor } from '../authz/actor.js';
import { ForbiddenError } from '../errors.js';
import { createTestApp, system, type TestEnv } from '../testing/harness.js';
import { DemoNotEmptyError, loadDemo, type DemoSummary } from './demo.loader.js';
import { buildDemoPlan, planCounts } from './demo.plan.js';

let t: TestEnv;
let summary: DemoSummary;
const progress: number[] = [];

const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.ctx.db, query))[0]?.n ?? -1;
const lastSeq = () => count(sql`select coalesce(max(seq), 0)::int as n from audit_log`);

// ~3,100 statements through the real services: a few seconds on a quiet machine, more on a busy one.
beforeAll(async () => {
  t = await createTestApp();
  summary = await loadDemo(t.ctx, system, { onProgress: (done) => progress.push(done) });
}, 180_000);
afterAll(() => t.close());

describe('buildDemoPlan', () => {
  it('is deterministic, fictional and valid input for the people service', () => {
    const a = buildDemoPlan();
    expect(buildDemoPlan()).toEqual(a);
    expect(buildDemoPlan(1)).not.toEqual(a);
    const emails = a.people.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/^[a-z]+\.[a-z]+@([a-z0-9-]+\.)+example\.jp$/);
    for (const p of a.people) expect(() => CreatePerson.parse({ ...p, institutionIds: [], researchGroupIds: [], committeeIds: [], roles: [] })).not.toThrow();
  });
});

describe('loadDemo', () => {
  it('creates exactly the announced organization', async () => {
    const expected = planCounts(buildDemoPlan());
    expect(summary).toMatchObject({ institutions: 12, researchGroups: 3, studies: 5, committees: 3, people: 150, units: { data_center: 1, operations_office: 1, study_office: 5 } });
    expect(summary.people).toBe(expected.people);
    expect(summary.roleAssignments).toBe(expected.roleAssignments);
    expect(summary.roles).toEqual(expected.roles);
    expect(summary.roles).toMatchObject({ security_manager: 1, system_admin: 1, data_center_staff: 6, operations_office_staff: 4, study_office_staff: 10, site_coordinator: 28, contractor: 3 });

    expect(await count(sql`select count(*)::int as n from units`)).toBe(7);
    expect(await count(sql`select count(*)::int as n from units where kind = 'study_office'`)).toBe(5);
    expect(await count(sql`select count(*)::int as n from institutions`)).toBe(summary.institutions);
    expect(await count(sql`select count(*)::int as n from research_groups`)).toBe(summary.researchGroups);
    expect(await count(sql`select count(*)::int as n from studies where study_office_unit_id is not null`)).toBe(summary.studies);
    expect(await count(sql`select count(*)::int as n from committees`)).toBe(summary.committees);
    expect(await count(sql`select count(*)::int as n from people`)).toBe(summary.people);
    expect(await count(sql`select count(*)::int as n from role_assignments`)).toBe(summary.roleAssignments);
    const byRole = await queryRows<{ role: Role; n: number }>(t.ctx.db, sql`select role, count(*)::int as n from role_assignments group by role`);
    expect(Object.fromEntries(byRole.map((r) => [r.role, r.n]))).toEqual(summary.roles);
    expect(progress).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it('gives every person at least one role, with the scope each role needs, and no password', async () => {
    expect(await count(sql`select count(*)::int as n from people p where not exists (select 1 from role_assignments r where r.person_id = p.id)`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from people where password_hash is not null`)).toBe(0);
    const roles = await queryRows<{ role: Role; institution_id: string | null; research_group_id: string | null; unit_id: string | null; committee_id: string | null }>(
      t.ctx.db,
      sql`select role, institution_id, research_group_id, unit_id, committee_id from role_assignments`,
    );
    const column = { institutionId: 'institution_id', researchGroupId: 'research_group_id', unitId: 'unit_id', committeeId: 'committee_id' } as const;
    for (const r of roles) for (const field of ROLE_SCOPE[r.role]) expect(r[column[field]], `${r.role}.${field}`).not.toBeNull();
    // Scoped roles agree with the person's affiliations (a site coordinator belongs to the site and group).
    expect(await count(sql`select count(*)::int as n from role_assignments r where r.institution_id is not null
      and not exists (select 1 from person_institutions pi where pi.person_id = r.person_id and pi.institution_id = r.institution_id)`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from role_assignments r where r.research_group_id is not null
      and not exists (select 1 from person_research_groups pg where pg.person_id = r.person_id and pg.research_group_id = r.research_group_id)`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from role_assignments r where r.committee_id is not null
      and not exists (select 1 from person_committees pc where pc.person_id = r.person_id and pc.committee_id = r.committee_id)`)).toBe(0);
    // The manager sits on the steering committee (P32-3).
    expect(await count(sql`select count(*)::int as n from role_assignments m join role_assignments s on s.person_id = m.person_id
      where m.role = 'security_manager' and s.role = 'steering_committee_member'`)).toBe(1);
  });

  it('audits every record and role, then demo.loaded, in a chain that verifies', async () => {
    const actions = await queryRows<{ action: string; n: number }>(t.ctx.db, sql`select action, count(*)::int as n from audit_log group by action`);
    const n = Object.fromEntries(actions.map((a) => [a.action, a.n]));
    expect(n).toMatchObject({ 'person.created': 150, 'role.granted': summary.roleAssignments, 'institution.created': 12, 'study.created': 5, 'demo.loaded': 1 });
    expect(await lastSeq()).toBe(summary.auditEntries);
    const verified = await verifyAudit(t.ctx.db);
    expect(verified).toMatchObject({ ok: true, checked: summary.auditEntries });
  });

  it('refuses to run a second time and changes nothing', async () => {
    const seq = await lastSeq();
    await expect(loadDemo(t.ctx, system)).rejects.toBeInstanceOf(DemoNotEmptyError);
    expect(await lastSeq()).toBe(seq);
    expect(await count(sql`select count(*)::int as n from people`)).toBe(150);
  });

  it('is all-or-nothing: a failure part-way leaves the database as it was', async () => {
    const fresh = await createTestApp();
    try {
      const plan = buildDemoPlan();
      const first = plan.people[0];
      if (!first) throw new Error('empty plan');
      // The second person repeats the first one's e-mail, so the load fails after the organization is in.
      const broken = { ...plan, people: [first, { ...first, roles: [] }] };
      await expect(loadDemo(fresh.ctx, system, { plan: broken })).rejects.toMatchObject({ code: 'DUPLICATE_EMAIL' });
      const n = async (q: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(fresh.ctx.db, q))[0]?.n;
      expect(await n(sql`select count(*)::int as n from institutions`)).toBe(0);
      expect(await n(sql`select count(*)::int as n from people`)).toBe(0);
      expect(await n(sql`select count(*)::int as n from audit_log`)).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('refuses an actor who may not manage the organization', async () => {
    const researcher: Actor = { ...system, kind: 'person', personId: null, roles: [{ role: 'researcher', institutionId: null, researchGroupId: null, unitId: null, committeeId: null }] };
    await expect(loadDemo(t.ctx, researcher)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'authz.denied'`)).toBe(1);
  });
});
