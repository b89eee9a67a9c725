import { sql } from 'drizzle-orm';
import { CreateCommittee, CreateInstitution, CreatePerson, CreateResearchGroup, CreateStudy, CreateUnit, type RoleAssignment } from '../../shared/org.js';
import type { Role } from '../../shared/roles.js';
import type { AppContext } from '../context.js';
import type { Actor } from '../authz/actor.js';
import { appendAudit } from '../audit/audit.service.js';
import { queryRows, type Conn } from '../db/client.js';
import { makeRegistries } from '../modules/org/registries.js';
import { PeopleService } from '../modules/org/people.service.js';
import { DEMO_COMMITTEES, DEMO_GROUPS, DEMO_INSTITUTIONS, type CommitteeKey, type GroupKey } from './demo.data.js';
import { buildDemoPlan, type DemoPlan, type PersonPlan } from './demo.plan.js';

/** The database already holds an organization; the demo only ever fills an empty one. */
export class DemoNotEmptyError extends Error {
  constructor(readonly existing: Record<string, number>) {
    super(
      `This database already has organization data (${Object.entries(existing)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}); the demo is only loaded into an empty one. Use a fresh DATA_DIR (or an empty DATABASE_URL database).`,
    );
    this.name = 'DemoNotEmptyError';
  }
}

export interface DemoSummary {
  units: { data_center: number; operations_office: number; study_office: number };
  institutions: number;
  researchGroups: number;
  studies: number;
  committees: number;
  people: number;
  roleAssignments: number;
  roles: Partial<Record<Role, number>>;
  auditEntries: number;
}

export interface LoadDemoOptions {
  plan?: DemoPlan;
  /** Called after each person is created. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Fills an empty database with the demo organization through the real services, as `actor`
 * (the system actor from the CLI), in one transaction: every record is audited, and either the
 * whole demo lands or nothing does. The demo people get no password, so none of them can sign in.
 */
export async function loadDemo(ctx: AppContext, actor: Actor, opts: LoadDemoOptions = {}): Promise<DemoSummary> {
  await ctx.authz.require(actor, 'org.manage');
  await ctx.authz.require(actor, 'person.manage');
  await ctx.authz.require(actor, 'role.grant_privileged');
  const plan = opts.plan ?? buildDemoPlan();
  const registries = makeRegistries(ctx);
  const peopleService = new PeopleService(ctx);

  return ctx.db.transaction(async (tx) => {
    const [existing] = await queryRows<Record<string, number>>(tx, sql`
      select (select count(*)::int from institutions) as institutions,
             (select count(*)::int from units) as units,
             (select count(*)::int from research_groups) as "research groups",
             (select count(*)::int from committees) as committees,
             (select count(*)::int from studies) as studies`);
    if (existing && Object.values(existing).some((n) => Number(n) > 0)) throw new DemoNotEmptyError(existing);
    const seqBefore = await lastSeq(tx);

    const unitIds = new Map<string, string>();
    for (const u of plan.units) unitIds.set(u.code, (await registries.units.createInTx(tx, actor, CreateUnit.parse(u))).id);
    const institutionIds = new Map<string, string>();
    for (const i of DEMO_INSTITUTIONS) {
      const row = await registries.institutions.createInTx(tx, actor, CreateInstitution.parse({ code: i.code, nameJa: i.nameJa, nameEn: i.nameEn, prefecture: i.prefecture }));
      institutionIds.set(i.code, row.id);
    }
    const groupIds = new Map<GroupKey, string>();
    for (const g of DEMO_GROUPS) groupIds.set(g.key, (await registries.researchGroups.createInTx(tx, actor, CreateResearchGroup.parse(g))).id);
    for (const s of plan.studies) {
      await registries.studies.createInTx(
        tx,
        actor,
        CreateStudy.parse({ code: s.code, titleJa: s.titleJa, titleEn: s.titleEn, researchGroupId: need(groupIds, s.group), studyOfficeUnitId: need(unitIds, s.officeCode) }),
      );
    }
    const committeeIds = new Map<CommitteeKey, string>();
    for (const c of DEMO_COMMITTEES) committeeIds.set(c.key, (await registries.committees.createInTx(tx, actor, CreateCommittee.parse(c))).id);

    const ids = { unitIds, institutionIds, groupIds, committeeIds };
    let done = 0;
    for (const p of plan.people) {
      await peopleService.createInTx(tx, actor, CreatePerson.parse(personInput(p, ids)));
      opts.onProgress?.(++done, plan.people.length);
    }

    const roles: Partial<Record<Role, number>> = {};
    for (const p of plan.people) for (const r of p.roles) roles[r.role] = (roles[r.role] ?? 0) + 1;
    const summary: DemoSummary = {
      units: {
        data_center: plan.units.filter((u) => u.kind === 'data_center').length,
        operations_office: plan.units.filter((u) => u.kind === 'operations_office').length,
        study_office: plan.units.filter((u) => u.kind === 'study_office').length,
      },
      institutions: institutionIds.size,
      researchGroups: groupIds.size,
      studies: plan.studies.length,
      committees: committeeIds.size,
      people: done,
      roleAssignments: Object.values(roles).reduce((a, b) => a + b, 0),
      roles,
      auditEntries: 0,
    };
    const { auditEntries: _pending, ...counts } = summary;
    const seq = await appendAudit(tx, ctx.clock, actor, { action: 'demo.loaded', details: counts });
    summary.auditEntries = seq - seqBefore;
    return summary;
  });
}

async function lastSeq(tx: Conn): Promise<number> {
  const [row] = await queryRows<{ seq: number | null }>(tx, sql`select max(seq)::int as seq from audit_log`);
  return row?.seq ?? 0;
}

function need<K, V>(m: Map<K, V>, k: K): V {
  const v = m.get(k);
  if (v === undefined) throw new Error(`demo plan refers to unknown ${String(k)}`);
  return v;
}

interface IdMaps {
  unitIds: Map<string, string>;
  institutionIds: Map<string, string>;
  groupIds: Map<GroupKey, string>;
  committeeIds: Map<CommitteeKey, string>;
}

function personInput(p: PersonPlan, m: IdMaps) {
  const roles: RoleAssignment[] = p.roles.map((r) => ({
    role: r.role,
    institutionId: r.institution ? need(m.institutionIds, r.institution) : null,
    researchGroupId: r.group ? need(m.groupIds, r.group) : null,
    unitId: r.unit ? need(m.unitIds, r.unit) : null,
    committeeId: r.committee ? need(m.committeeIds, r.committee) : null,
  }));
  return {
    familyNameJa: p.familyNameJa,
    givenNameJa: p.givenNameJa,
    familyNameKana: p.familyNameKana,
    givenNameKana: p.givenNameKana,
    familyNameEn: p.familyNameEn,
    givenNameEn: p.givenNameEn,
    email: p.email,
    unitId: p.unit ? need(m.unitIds, p.unit) : null,
    institutionIds: p.institutions.map((c) => need(m.institutionIds, c)),
    researchGroupIds: p.groups.map((g) => need(m.groupIds, g)),
    committeeIds: p.committees.map((c) => need(m.committeeIds, c)),
    roles,
    note: p.note,
  };
}
