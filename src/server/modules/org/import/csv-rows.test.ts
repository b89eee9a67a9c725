import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../../shared/roles.js';
import type { CodeMaps, RefEntry } from './code-lookup.js';
import { readTable } from './csv-rows.js';
import { headerIndex, INSTITUTION_COLUMNS, PERSON_COLUMNS } from './import-columns.js';
import { ImportFileError } from './import-errors.js';
import { parseRoles, ROLES_HELP, roleSyntax } from './role-spec.js';

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportFileError) return e.problems;
    throw e;
  }
  return [];
};

describe('readTable', () => {
  it('maps Japanese, English and full-width headers to the same fields', () => {
    const ja = readTable('施設コード,施設名（日本語）,English name,都道府県\nA1,甲,Hosp A,13\n', INSTITUTION_COLUMNS);
    const en = readTable('CODE,Name_JA,name-en,Prefecture\nA1,甲,Hosp A,13\n', INSTITUTION_COLUMNS);
    expect([...ja.headers.keys()]).toEqual(['code', 'nameJa', 'nameEn', 'prefecture']);
    expect(ja.headers.get('nameJa')).toBe('施設名（日本語）');
    expect(ja.rows).toEqual(en.rows);
  });

  it('reads quoted values with commas, quotes and line breaks, and numbers rows as the spreadsheet does', () => {
    const text = 'code,name_ja,name_en,prefecture\nA1,"甲,乙","Say ""hi""\nthere",13\n\nB2,丙,C,27\n,,,\n\n';
    const t = readTable(text, INSTITUTION_COLUMNS);
    expect(t.rows.map((r) => r.row)).toEqual([2, 4]);
    expect(t.rows[0]?.values).toEqual({ code: 'A1', nameJa: '甲,乙', nameEn: 'Say "hi"\nthere', prefecture: '13' });
  });

  it('NFKC-normalises and trims values: full-width codes, half-width katakana, full-width semicolons', () => {
    const t = readTable('email,姓,姓(英字),姓(カナ),所属施設\n  ＴＡＲＯ＠example.jp , 山田 ,Yamada,ﾔﾏﾀﾞ,ＩＮＳＴ０１；ＩＮＳＴ０２\n', PERSON_COLUMNS);
    expect(t.rows[0]?.values).toEqual({ email: 'TARO@example.jp', familyNameJa: '山田', familyNameEn: 'Yamada', familyNameKana: 'ヤマダ', institutions: 'INST01;INST02' });
  });

  it('reports unknown, duplicated and missing columns on row 1', () => {
    const problems = problemsOf(() => readTable('施設コード,code,氏名,施設名\nA1,A1,x,y\n', INSTITUTION_COLUMNS));
    expect(problems).toEqual([
      expect.objectContaining({ row: 1, column: 'code', code: 'DUPLICATE_COLUMN' }),
      expect.objectContaining({ row: 1, column: '氏名', code: 'UNKNOWN_COLUMN' }),
      expect.objectContaining({ row: 1, column: null, code: 'MISSING_COLUMN', message: expect.stringMatching(/name_en \(施設名\(英語\)\), prefecture \(都道府県\)/) }),
    ]);
  });

  it('ignores an empty trailing column but not one with values and no header', () => {
    expect(readTable('code,name_ja,name_en,prefecture,\nA1,甲,A,13,\n', INSTITUTION_COLUMNS).rows).toHaveLength(1);
    expect(problemsOf(() => readTable('code,name_ja,name_en,prefecture,\nA1,甲,A,13,x\n', INSTITUTION_COLUMNS))[0]).toMatchObject({ code: 'UNNAMED_COLUMN' });
  });

  it('flags a row with more values than columns', () => {
    expect(readTable('code,name_ja,name_en,prefecture\nA1,甲,A,13,extra\n', INSTITUTION_COLUMNS).rows[0]?.overflow).toBe(true);
  });

  it('refuses a file with no data rows, and names the row of a broken quote', () => {
    expect(problemsOf(() => readTable('code,name_ja,name_en,prefecture\n\n', INSTITUTION_COLUMNS))[0]).toMatchObject({ code: 'NO_ROWS' });
    expect(problemsOf(() => readTable('', INSTITUTION_COLUMNS))[0]).toMatchObject({ code: 'NO_HEADER' });
    expect(problemsOf(() => readTable('code,name_ja,name_en,prefecture\nA1,甲,A,13\nB2,"乙,B,27\n', INSTITUTION_COLUMNS))[0]).toMatchObject({ row: 3, code: 'CSV_SYNTAX' });
  });

  it('gives every header spelling to one column only', () => {
    expect(() => headerIndex(INSTITUTION_COLUMNS)).not.toThrow();
    expect(() => headerIndex(PERSON_COLUMNS)).not.toThrow();
  });
});

describe('parseRoles', () => {
  const entry = (id: string, code: string, kind: string | null = null, active = true): [string, RefEntry] => [code, { id, code, kind, active }];
  const maps: CodeMaps = {
    institution: new Map([entry('i1', 'INST01'), entry('i0', 'OLD', null, false)]),
    researchGroup: new Map([entry('g1', 'RG01')]),
    unit: new Map([entry('u1', 'DC', 'data_center'), entry('u2', 'SO1', 'study_office')]),
    committee: new Map([entry('c1', 'SC', 'steering'), entry('c2', 'EC', 'other')]),
  };

  it('resolves every role form: no scope, institution, institution/group, unit, committee', () => {
    const { roles, problems } = parseRoles('researcher@INST01; site_coordinator@INST01/RG01;Data_Center_Staff@DC\ncommittee_member@EC;steering_committee_member@SC;contractor', maps);
    expect(problems).toEqual([]);
    expect(roles).toEqual([
      { role: 'researcher', institutionId: 'i1' },
      { role: 'site_coordinator', institutionId: 'i1', researchGroupId: 'g1' },
      { role: 'data_center_staff', unitId: 'u1' },
      { role: 'committee_member', committeeId: 'c2' },
      { role: 'steering_committee_member', committeeId: 'c1' },
      { role: 'contractor' },
    ]);
  });

  it('explains each wrong entry: unknown role, wrong scope shape, unknown or inactive code, wrong kind', () => {
    const { roles, problems } = parseRoles('doctor;researcher;contractor@INST01;site_coordinator@INST01;researcher@NOPE;researcher@OLD;data_center_staff@SO1', maps);
    expect(roles).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['UNKNOWN_ROLE', 'INVALID_ROLE', 'INVALID_ROLE', 'INVALID_ROLE', 'UNKNOWN_CODE', 'INACTIVE_CODE', 'SCOPE_MISMATCH']);
    expect(problems[1]?.message).toBe('"researcher": researcher must be written researcher@<institution code>.');
    expect(problems[2]?.message).toBe('"contractor@INST01": contractor takes no scope: write just contractor.');
    expect(problems[0]?.message).toContain(ROLES_HELP);
  });

  it('documents a syntax for every role', () => {
    expect(ROLES.map(roleSyntax)).toContain('site_coordinator@<institution code>/<research group code>');
    expect(ROLES_HELP).toContain('security_manager, system_admin, data_center_staff@<unit code>');
  });
});
