import type { Role } from '../../shared/roles.js';
import {
  DEMO_CENTRAL_UNITS,
  DEMO_COMMITTEES,
  DEMO_CONTRACTORS,
  DEMO_EXTERNAL_MEMBERS,
  DEMO_GROUPS,
  DEMO_INSTITUTIONS,
  DEMO_STUDIES,
  FAMILY_NAMES,
  GIVEN_NAMES,
  type CommitteeKey,
  type GroupKey,
} from './demo.data.js';

/** Units are referred to by code inside the plan; the loader maps codes to ids. */
export interface UnitPlan {
  code: string;
  kind: 'data_center' | 'operations_office' | 'study_office';
  nameJa: string;
  nameEn: string;
}

export interface StudyPlan {
  code: string;
  group: GroupKey;
  titleJa: string;
  titleEn: string;
  officeCode: string;
}

export interface RolePlan {
  role: Role;
  institution?: string;
  group?: GroupKey;
  unit?: string;
  committee?: CommitteeKey;
}

export interface PersonPlan {
  familyNameJa: string;
  givenNameJa: string;
  familyNameKana: string;
  givenNameKana: string;
  familyNameEn: string;
  givenNameEn: string;
  email: string;
  unit: string | null;
  institutions: string[];
  groups: GroupKey[];
  committees: CommitteeKey[];
  roles: RolePlan[];
  note: string | null;
}

export interface DemoPlan {
  units: UnitPlan[];
  studies: StudyPlan[];
  people: PersonPlan[];
}

/** mulberry32: a tiny seeded PRNG, so the same seed always yields the same demo. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const DEMO_SEED = 20_080_805; // the policy's first approval date

const SC_UNIT = (studyCode: string) => `SO-${studyCode}`;

/**
 * Builds the whole demo organization as plain data: who exists, where they work, which groups
 * and committees they sit on, and their roles. Pure and deterministic for a given seed.
 */
export function buildDemoPlan(seed = DEMO_SEED): DemoPlan {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const emails = new Set<string>();

  const named = (domain: string): Omit<PersonPlan, 'unit' | 'institutions' | 'groups' | 'committees' | 'roles' | 'note'> => {
    for (;;) {
      const [fJa, fKana, fEn] = pick(FAMILY_NAMES);
      const [gJa, gKana, gEn] = pick(GIVEN_NAMES);
      const email = `${gEn}.${fEn}@${domain}`.toLowerCase();
      if (emails.has(email)) continue; // same romanised name at the same domain: draw again
      emails.add(email);
      return { familyNameJa: fJa, givenNameJa: gJa, familyNameKana: fKana, givenNameKana: gKana, familyNameEn: fEn, givenNameEn: gEn, email };
    }
  };
  const person = (domain: string, p: Partial<PersonPlan>): PersonPlan => ({
    ...named(domain),
    unit: null,
    institutions: [],
    groups: [],
    committees: [],
    roles: [],
    note: null,
    ...p,
  });
  const joinCommittee = (p: PersonPlan, c: CommitteeKey) => {
    p.committees.push(c);
    p.roles.push({ role: c === 'STEERING' ? 'steering_committee_member' : 'committee_member', committee: c });
  };

  const dc = DEMO_CENTRAL_UNITS.dataCenter;
  const oo = DEMO_CENTRAL_UNITS.operationsOffice;
  const units: UnitPlan[] = [
    { code: dc.code, kind: dc.kind, nameJa: dc.nameJa, nameEn: dc.nameEn },
    { code: oo.code, kind: oo.kind, nameJa: oo.nameJa, nameEn: oo.nameEn },
    ...DEMO_STUDIES.map((s) => ({ code: SC_UNIT(s.code), kind: 'study_office' as const, nameJa: `${s.code} 研究事務局`, nameEn: `${s.code} Study Office` })),
  ];
  const studies: StudyPlan[] = DEMO_STUDIES.map((s) => ({ ...s, officeCode: SC_UNIT(s.code) }));
  const people: PersonPlan[] = [];

  // The information security manager is the steering committee's vice-chair (P32-3), a senior physician.
  const largest = [...DEMO_INSTITUTIONS].sort((a, b) => b.researchers - a.researchers)[0];
  if (!largest) throw new Error('demo data has no institutions');
  const manager = person(largest.domain, {
    institutions: [largest.code],
    groups: [largest.groups[0] as GroupKey],
    roles: [{ role: 'security_manager' }, { role: 'researcher', institution: largest.code }],
    note: '情報セキュリティ管理責任者（運営委員会副委員長） / Information security manager (vice-chair of the steering committee)',
  });
  joinCommittee(manager, 'STEERING');
  people.push(manager);

  people.push(person(dc.domain, { unit: dc.code, roles: [{ role: 'system_admin' }], note: 'システム管理者 / System administrator' }));
  const dcStaff = Array.from({ length: 6 }, () => person(dc.domain, { unit: dc.code, roles: [{ role: 'data_center_staff', unit: dc.code }] }));
  const ooStaff = Array.from({ length: 4 }, () => person(oo.domain, { unit: oo.code, roles: [{ role: 'operations_office_staff', unit: oo.code }] }));
  const dcHead = dcStaff[0] as PersonPlan;
  const ooHead = ooStaff[0] as PersonPlan;
  dcHead.note = 'データセンター長 / Head of the data center';
  ooHead.note = '運営事務局長 / Head of the operations office';
  joinCommittee(dcHead, 'STEERING');
  joinCommittee(ooHead, 'STEERING');
  people.push(...dcStaff, ...ooStaff);

  for (const c of DEMO_CONTRACTORS) {
    const unit = DEMO_CENTRAL_UNITS[c.unit].code;
    people.push(person(c.domain, { unit, roles: [{ role: 'contractor' }], note: c.note }));
  }

  // Study offices sit at the study chair's hospital: two people each, physicians of the study's group.
  for (const s of studies) {
    const sites = DEMO_INSTITUTIONS.filter((i) => i.groups.includes(s.group));
    const site = pick(sites);
    for (let k = 0; k < 2; k++) {
      people.push(
        person(site.domain, {
          unit: s.officeCode,
          institutions: [site.code],
          groups: [s.group],
          roles: [{ role: 'study_office_staff', unit: s.officeCode }, { role: 'researcher', institution: site.code }],
          note: k === 0 ? `${s.code} 研究事務局（研究代表者） / ${s.code} study office (study chair)` : `${s.code} 研究事務局 / ${s.code} study office`,
        }),
      );
    }
  }

  // Each hospital: a site coordinator per research group it takes part in, then its researchers.
  const plainResearchers: PersonPlan[] = [];
  const chairs = new Map<GroupKey, PersonPlan>();
  for (const inst of [...DEMO_INSTITUTIONS].sort((a, b) => b.researchers - a.researchers || a.code.localeCompare(b.code))) {
    for (const g of inst.groups) {
      const sc = person(inst.domain, {
        institutions: [inst.code],
        groups: [g],
        roles: [{ role: 'site_coordinator', institution: inst.code, group: g }, { role: 'researcher', institution: inst.code }],
        note: '施設コーディネーター / Site coordinator',
      });
      // The coordinator at the group's largest site chairs the group and sits on the steering committee.
      if (!chairs.has(g)) {
        chairs.set(g, sc);
        sc.note = 'グループ代表者・施設コーディネーター / Group chair and site coordinator';
        joinCommittee(sc, 'STEERING');
      }
      people.push(sc);
    }
    for (let k = 0; k < inst.researchers; k++) {
      const first = pick(inst.groups);
      const second = rnd() < 0.2 ? pick(inst.groups.filter((g) => g !== first)) : undefined;
      const r = person(inst.domain, { institutions: [inst.code], groups: second ? [first, second] : [first], roles: [{ role: 'researcher', institution: inst.code }] });
      plainResearchers.push(r);
      people.push(r);
    }
  }

  // Committees draw on researchers: two more on the steering committee, three each on the others.
  const free = [...plainResearchers];
  const draw = (group?: GroupKey): PersonPlan => {
    const pool = group ? free.filter((p) => p.groups.includes(group)) : free;
    const p = pick(pool.length ? pool : free);
    free.splice(free.indexOf(p), 1);
    return p;
  };
  for (let k = 0; k < 2; k++) joinCommittee(draw(), 'STEERING');
  for (const c of ['DSMC', 'AUDIT'] as const) for (const g of DEMO_GROUPS) joinCommittee(draw(g.key), c);
  for (const e of DEMO_EXTERNAL_MEMBERS) {
    const p = person(e.domain, { note: e.note });
    joinCommittee(p, e.committee);
    people.push(p);
  }

  return { units, studies, people };
}

/** Expected figures, for the summary and the test. */
export function planCounts(plan: DemoPlan) {
  const roles: Partial<Record<Role, number>> = {};
  let assignments = 0;
  for (const p of plan.people) {
    for (const r of p.roles) roles[r.role] = (roles[r.role] ?? 0) + 1;
    assignments += p.roles.length;
  }
  return {
    units: plan.units.length,
    institutions: DEMO_INSTITUTIONS.length,
    researchGroups: DEMO_GROUPS.length,
    studies: plan.studies.length,
    committees: DEMO_COMMITTEES.length,
    people: plan.people.length,
    roleAssignments: assignments,
    roles,
  };
}
