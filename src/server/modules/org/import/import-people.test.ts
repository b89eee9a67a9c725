import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { PersonDto, PersonSummaryDto } from '../../../../shared/org.js';
import { auditLog, people } from '../../../db/schema/index.js';
import { createTestApp, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../../testing/harness.js';
import { makeRegistries } from '../registries.js';
import { runImport, sjis, utf8Bom } from './fixtures/upload.js';

let t: TestEnv;
let staff: Client;
let manager: Client;
let org: Awaited<ReturnType<typeof seedOrg>>;
const codes = { inst: 'PINST01', inst2: 'PINST02', rg: 'PRG01', dc: 'PDC', so: 'PSO', sc: 'PSC', ec: 'PEC' };
const ids: Record<string, string> = {};

const personByEmail = async (email: string): Promise<PersonDto | undefined> => {
  const list = (await manager.get(`/api/people?q=${encodeURIComponent(email)}&includeInactive=true`)).body as { items: PersonSummaryDto[] };
  const hit = list.items.find((p) => p.email === email);
  return hit ? ((await manager.get(`/api/people/${hit.id}`)).body as PersonDto) : undefined;
};
const countPeople = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(people))[0]?.n ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  const r = makeRegistries(t.ctx);
  const made = [
    await r.institutions.create(system, { code: codes.inst, nameJa: '甲', nameEn: 'A', prefecture: '13' }),
    await r.institutions.create(system, { code: codes.inst2, nameJa: '乙', nameEn: 'B', prefecture: '27' }),
    await r.researchGroups.create(system, { code: codes.rg, nameJa: 'グループ', nameEn: 'Group' }),
    await r.units.create(system, { code: codes.dc, kind: 'data_center', nameJa: 'DC', nameEn: 'DC' }),
    await r.units.create(system, { code: codes.so, kind: 'study_office', nameJa: '事務局', nameEn: 'SO' }),
    await r.committees.create(system, { code: codes.sc, kind: 'steering', nameJa: '運営委員会', nameEn: 'SC' }),
    await r.committees.create(system, { code: codes.ec, kind: 'other', nameJa: '効果安全性評価委員会', nameEn: 'EC' }),
  ] as { id: string; code: string }[];
  for (const m of made) ids[m.code] = m.id;
  staff = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
  manager = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id);
});
afterAll(() => t.close());

describe('POST /api/imports/people', () => {
  it('creates people with their unit, institutions, groups, committees and scoped roles resolved from codes', async () => {
    const csv = [
      'メールアドレス,姓,名,姓（カナ）,名（カナ）,姓(英字),名(英字),所属部署,所属施設,研究グループ,委員会,役割',
      `Hanako.Sato@Example.jp,佐藤,花子,ｻﾄｳ,ハナコ,Sato,Hanako,,${codes.inst}；${codes.inst2},${codes.rg},${codes.sc},researcher@${codes.inst};site_coordinator@${codes.inst}/${codes.rg};steering_committee_member@${codes.sc}`,
      `jiro@example.jp,髙橋,次郎,タカハシ,ジロウ,Takahashi,Jiro,${codes.dc},,,${codes.ec},data_center_staff@${codes.dc}; committee_member@${codes.ec}`,
    ].join('\r\n');
    const job = await runImport(t, staff, 'people', sjis(csv));
    expect(job).toMatchObject({ status: 'succeeded', encoding: 'shift_jis', createdCount: 2, updatedCount: 0, errors: [] });

    const hanako = await personByEmail('hanako.sato@example.jp');
    expect(hanako).toMatchObject({ familyNameJa: '佐藤', familyNameKana: 'サトウ', unit: null });
    expect(hanako?.institutions.map((i) => i.code)).toEqual([codes.inst, codes.inst2]);
    expect(hanako?.researchGroups.map((g) => g.code)).toEqual([codes.rg]);
    expect(hanako?.committees.map((c) => c.code)).toEqual([codes.sc]);
    expect(hanako?.roleAssignments.map(({ id: _id, ...r }) => r)).toEqual(
      expect.arrayContaining([
        { role: 'researcher', institutionId: ids[codes.inst], researchGroupId: null, unitId: null, committeeId: null },
        { role: 'site_coordinator', institutionId: ids[codes.inst], researchGroupId: ids[codes.rg], unitId: null, committeeId: null },
        { role: 'steering_committee_member', institutionId: null, researchGroupId: null, unitId: null, committeeId: ids[codes.sc] },
      ]),
    );
    const jiro = await personByEmail('jiro@example.jp');
    expect(jiro).toMatchObject({ familyNameJa: '髙橋', unit: { code: codes.dc }, roles: expect.arrayContaining(['data_center_staff', 'committee_member']) });
    const grants = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'role.granted'));
    expect(grants.filter((g) => g.targetId === hanako?.id)).toHaveLength(3);
  });

  it('updates a person found by email (any case), replacing the columns the file has and keeping the others', async () => {
    await runImport(t, staff, 'people', utf8Bom(`email,family_name_ja,family_name_en,note,roles\nupd@example.jp,上田,Ueda,first,researcher@${codes.inst}\n`));
    const before = await countPeople();
    const job = await runImport(t, staff, 'people', utf8Bom(`email,family_name_ja,family_name_en,institutions,roles\nUPD@example.jp,上田,Ueda,${codes.inst2},researcher@${codes.inst2}\n`));
    expect(job).toMatchObject({ status: 'succeeded', createdCount: 0, updatedCount: 1 });
    expect(await countPeople()).toBe(before);
    const p = await personByEmail('upd@example.jp');
    expect(p).toMatchObject({ note: 'first', institutions: [expect.objectContaining({ code: codes.inst2 })] });
    expect(p?.roleAssignments.map((r) => [r.role, r.institutionId])).toEqual([['researcher', ids[codes.inst2]]]);
    const again = await runImport(t, staff, 'people', utf8Bom(`email,family_name_ja,family_name_en,institutions\nupd@example.jp,上田,Ueda,${codes.inst2}\n`));
    expect(again).toMatchObject({ status: 'succeeded', createdCount: 0, updatedCount: 0, totalRows: 1 });
  });

  it('reports a duplicate email, unknown codes and malformed roles on their rows and columns, and writes nothing', async () => {
    const before = await countPeople();
    const csv = [
      'email,family_name_ja,family_name_en,unit,institutions,research_groups,committees,roles',
      'dup@example.jp,重複,Dup,,,,,',
      'DUP@example.jp,重複,Dup,,,,,', // row 3
      `ok@example.jp,良,Ok,NOUNIT,${codes.inst};NOINST,,,researcher`, // row 4: unit, institutions, roles
      `bad-email,悪,Bad,,,${codes.rg},NOCOMM,data_center_staff@${codes.so}`, // row 5: email, committees, roles
      'kana@example.jp,仮名,Kana,,,,,', // fine
    ].join('\n');
    const job = await runImport(t, staff, 'people', Buffer.from(csv));
    expect(job.status).toBe('failed');
    expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'email', 'DUPLICATE_IN_FILE'],
      [4, 'unit', 'UNKNOWN_CODE'],
      [4, 'institutions', 'UNKNOWN_CODE'],
      [4, 'roles', 'INVALID_ROLE'],
      [5, 'committees', 'UNKNOWN_CODE'],
      [5, 'roles', 'SCOPE_MISMATCH'],
      [5, 'email', 'INVALID'],
    ]);
    expect(job.errors[3]?.message).toContain('researcher must be written researcher@<institution code>');
    expect(await countPeople()).toBe(before);
  });

  it('refuses to grant security_manager unless the importer may grant privileged roles', async () => {
    const csv = Buffer.from('email,family_name_ja,family_name_en,roles\nboss@example.jp,上司,Boss,security_manager\n');
    const denied = await runImport(t, staff, 'people', csv);
    expect(denied.errors).toEqual([expect.objectContaining({ row: 2, column: 'roles', code: 'FORBIDDEN_ROLE' })]);
    expect(await personByEmail('boss@example.jp')).toBeUndefined();
    const allowed = await runImport(t, manager, 'people', csv);
    expect(allowed).toMatchObject({ status: 'succeeded', createdCount: 1 });
    const revoke = await runImport(t, staff, 'people', Buffer.from('email,family_name_ja,family_name_en,roles\nboss@example.jp,上司,Boss,\n'));
    expect(revoke.errors).toEqual([expect.objectContaining({ row: 2, column: 'roles', code: 'FORBIDDEN_ROLE' })]);
  });
});
