import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAfter as auditAfterIn, createTestApp, errorCode, fieldPaths, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { makeRegistries, type Registries } from './registries.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let reg: Registries;
let admin: Client;
let adminId: string;
let researcher: Client;

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  reg = makeRegistries(t.ctx);
  const a = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  adminId = a.id;
  admin = await sessionFor(t, a.id);
  const r = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  researcher = await sessionFor(t, r.id);
});
afterAll(() => t?.close());

// ---- helpers ----------------------------------------------------------------------------------

type Body = Record<string, unknown>;
type Dto = Record<string, unknown> & { id: string; code: string; active: boolean; updatedAt: string };
type Page = { items: Dto[]; total: number; page: number; pageSize: number };

let n = 0;
const uniq = () => `${++n}`;
const KANJI_DIGITS = '〇一二三四五六七八九';
/** A Japanese token unique in this file, e.g. 松一二 (kanji digits, so the search sees only Japanese text). */
const jaTag = (prefix = '松') => prefix + [...uniq()].map((d) => KANJI_DIGITS[Number(d)]).join('');

const lastSeq = () => lastAuditSeq(t);
const auditAfter = (seq: number) => auditAfterIn(t, seq);

/** What differs between the five registries, as far as these tests care. */
interface Spec {
  path: string;
  /** Audit target type and event prefix. */
  kind: 'unit' | 'institution' | 'research_group' | 'study' | 'committee';
  svc: keyof Registries;
  ja: 'nameJa' | 'titleJa';
  en: 'nameEn' | 'titleEn';
  /** The fields a valid body needs besides code and names. */
  rest: () => Body;
  /** A sortable column besides code, names and updatedAt, with values giving the order c, b, a. */
  extraSort?: { field: string; values: [string, string, string] };
  sortable: string[];
}

const SPECS: Spec[] = [
  {
    path: 'units',
    kind: 'unit',
    svc: 'units',
    ja: 'nameJa',
    en: 'nameEn',
    rest: () => ({ kind: 'other' }),
    extraSort: { field: 'kind', values: ['study_office', 'operations_office', 'data_center'] },
    sortable: ['code', 'nameJa', 'nameEn', 'kind', 'updatedAt'],
  },
  {
    path: 'institutions',
    kind: 'institution',
    svc: 'institutions',
    ja: 'nameJa',
    en: 'nameEn',
    rest: () => ({ prefecture: '13' }),
    extraSort: { field: 'prefecture', values: ['47', '13', '01'] },
    sortable: ['code', 'nameJa', 'nameEn', 'prefecture', 'updatedAt'],
  },
  { path: 'research-groups', kind: 'research_group', svc: 'researchGroups', ja: 'nameJa', en: 'nameEn', rest: () => ({}), sortable: ['code', 'nameJa', 'nameEn', 'updatedAt'] },
  {
    path: 'studies',
    kind: 'study',
    svc: 'studies',
    ja: 'titleJa',
    en: 'titleEn',
    rest: () => ({ researchGroupId: org.rgA.id }),
    sortable: ['code', 'titleJa', 'titleEn', 'updatedAt'],
  },
  { path: 'committees', kind: 'committee', svc: 'committees', ja: 'nameJa', en: 'nameEn', rest: () => ({ kind: 'other' }), sortable: ['code', 'nameJa', 'nameEn', 'updatedAt'] },
];

const bodyOf = (s: Spec, over: Body = {}): Body => {
  const i = uniq();
  return { code: `${s.kind.toUpperCase().slice(0, 3)}-${i}`, [s.ja]: `登録${jaTag()}`, [s.en]: `Entry ${i}`, ...s.rest(), ...over };
};

async function create(s: Spec, over: Body = {}): Promise<Dto> {
  const res = await admin.post(`/api/${s.path}`, bodyOf(s, over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Dto;
}

async function list(s: Spec, query: string): Promise<Page> {
  const res = await admin.get(`/api/${s.path}?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
}

async function countWithCode(s: Spec, code: string): Promise<number> {
  const page = await list(s, `q=${encodeURIComponent(code)}&includeInactive=true&pageSize=200`);
  return page.items.filter((i) => i.code === code).length;
}

// ---- the same behaviour for every registry ----------------------------------------------------

for (const s of SPECS) {
  const base = `/api/${s.path}`;

  describe(`POST ${base}`, () => {
    it(`creates the entry, returns its DTO and records exactly one ${s.kind}.created entry`, async () => {
      const body = bodyOf(s);
      const seq = await lastSeq();
      const res = await admin.post(base, body);
      expect(res.status).toBe(201);
      const dto = res.body as Dto;
      expect(dto).toMatchObject({ ...body, active: true });
      expect(dto.id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await admin.get(`${base}/${dto.id}`)).body).toEqual(dto);
      const entries = await auditAfter(seq);
      expect(entries.map((e) => [e.action, e.targetType, e.targetId, e.actorPersonId])).toEqual([[`${s.kind}.created`, s.kind, dto.id, adminId]]);
      expect(entries[0]!.details).toMatchObject({ after: { code: body.code } });
    });

    it('trims the code and names', async () => {
      const body = bodyOf(s);
      const res = await admin.post(base, { ...body, code: `  ${String(body.code)}  `, [s.en]: `  ${String(body[s.en])} ` });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code: body.code, [s.en]: body[s.en] });
    });

    it.each([['has space'], ['病院'], ['-leading-dash'], ['semi;colon'], [''], ['x'.repeat(33)]])('rejects the code %j with 400 VALIDATION_FAILED on "code" and changes nothing', async (code) => {
      const seq = await lastSeq();
      const res = await admin.post(base, bodyOf(s, { code }));
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
      expect(fieldPaths(res)).toEqual(['code']);
      expect(await auditAfter(seq)).toEqual([]);
      if (code) expect(await countWithCode(s, code)).toBe(0);
    });

    it('rejects a missing Japanese name and a blank English name, naming both fields', async () => {
      const body = bodyOf(s);
      delete body[s.ja];
      body[s.en] = '   ';
      const seq = await lastSeq();
      const res = await admin.post(base, body);
      expect(res.status).toBe(400);
      expect(fieldPaths(res).sort()).toEqual([s.ja, s.en].sort());
      expect(await countWithCode(s, String(body.code))).toBe(0);
      expect(await auditAfter(seq)).toEqual([]);
    });

    it('answers 409 DUPLICATE_CODE for a code already in use and records nothing', async () => {
      const first = await create(s);
      const seq = await lastSeq();
      const res = await admin.post(base, bodyOf(s, { code: first.code }));
      expect(res.status).toBe(409);
      expect(errorCode(res)).toBe('DUPLICATE_CODE');
      expect(await countWithCode(s, first.code)).toBe(1);
      expect(await auditAfter(seq)).toEqual([]);
    });

    it('returns 403 to a researcher and creates nothing', async () => {
      const body = bodyOf(s);
      const seq = await lastSeq();
      const res = await researcher.post(base, body);
      expect(res.status).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(await countWithCode(s, String(body.code))).toBe(0);
      expect((await auditAfter(seq)).map((e) => e.action)).toEqual(['authz.denied']);
    });
  });

  describe(`GET ${base}`, () => {
    it('pages on the server with page, pageSize and total', async () => {
      const tag = `PG${s.kind.slice(0, 3)}${uniq()}`;
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await create(s, { code: `${tag}-${i}` })).id);
      const pages = [await list(s, `q=${tag}&pageSize=2&page=1`), await list(s, `q=${tag}&pageSize=2&page=2`), await list(s, `q=${tag}&pageSize=2&page=3`)];
      expect(pages.map((p) => [p.items.length, p.total, p.page, p.pageSize])).toEqual([
        [2, 5, 1, 2],
        [2, 5, 2, 2],
        [1, 5, 3, 2],
      ]);
      expect(pages.flatMap((p) => p.items.map((i) => i.id)).sort()).toEqual([...made].sort());
      expect((await list(s, `q=${tag}&pageSize=2&page=4`)).items).toEqual([]);
    });

    it('rejects pageSize over 200 and page 0 with 400', async () => {
      expect((await admin.get(`${base}?pageSize=201`)).status).toBe(400);
      expect((await admin.get(`${base}?page=0`)).status).toBe(400);
    });

    it('searches the Japanese name, the English name (any case) and the code', async () => {
      const ja = jaTag('検索');
      const en = `Zephyr${uniq()}`;
      const hit = await create(s, { [s.ja]: `${ja}センター`, [s.en]: `The ${en} Centre` });
      await create(s); // a bystander that must not match
      const ids = async (q: string) => (await list(s, `q=${encodeURIComponent(q)}`)).items.map((i) => i.id);
      expect(await ids(ja)).toEqual([hit.id]);
      expect(await ids(en.toLowerCase())).toEqual([hit.id]);
      expect(await ids(en.toUpperCase())).toEqual([hit.id]);
      expect(await ids(hit.code.toLowerCase())).toEqual([hit.id]);
    });

    it('treats % and _ in the search as literal characters', async () => {
      const i = uniq();
      const pct = await create(s, { [s.en]: `Rate 100% ${i}` });
      await create(s, { [s.en]: `Rate 1000 ${i}` });
      const under = await create(s, { [s.en]: `Ward A_B ${i}` });
      await create(s, { [s.en]: `Ward AxB ${i}` });
      expect((await list(s, `q=${encodeURIComponent(`100% ${i}`)}`)).items.map((x) => x.id)).toEqual([pct.id]);
      expect((await list(s, `q=${encodeURIComponent(`A_B ${i}`)}`)).items.map((x) => x.id)).toEqual([under.id]);
    });

    it('sorts by each sortable column, ascending and descending', async () => {
      // Three entries whose order differs for every column: code a b c; Japanese name b c a;
      // English name c a b; the extra column c b a; last update b a c.
      const tag = `SRT${s.kind.slice(0, 3)}${uniq()}`;
      const spec = {
        a: { code: `${tag}-a`, [s.ja]: '並べう', [s.en]: 'Sort Bravo', ...(s.extraSort ? { [s.extraSort.field]: s.extraSort.values[0] } : {}) },
        b: { code: `${tag}-b`, [s.ja]: '並べあ', [s.en]: 'Sort Charlie', ...(s.extraSort ? { [s.extraSort.field]: s.extraSort.values[1] } : {}) },
        c: { code: `${tag}-c`, [s.ja]: '並べい', [s.en]: 'Sort Alpha', ...(s.extraSort ? { [s.extraSort.field]: s.extraSort.values[2] } : {}) },
      };
      const idOf: Record<string, string> = {};
      for (const k of ['b', 'a', 'c'] as const) {
        t.clock.advance(1000);
        idOf[k] = (await create(s, spec[k])).id;
      }
      const expected: Record<string, string> = { code: 'abc', [s.ja]: 'bca', [s.en]: 'cab', updatedAt: 'bac', ...(s.extraSort ? { [s.extraSort.field]: 'cba' } : {}) };
      expect(Object.keys(expected).sort()).toEqual([...s.sortable].sort());
      const letter = Object.fromEntries(Object.entries(idOf).map(([k, v]) => [v, k]));
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const col of s.sortable) {
        for (const dir of ['asc', 'desc']) {
          const page = await list(s, `q=${tag}&sort=${col}&dir=${dir}`);
          got[`${col} ${dir}`] = page.items.map((i) => letter[i.id]).join('');
          want[`${col} ${dir}`] = dir === 'asc' ? expected[col]! : [...expected[col]!].reverse().join('');
        }
      }
      expect(got).toEqual(want);
    });

    it('rejects an unknown sort column with 400', async () => {
      const res = await admin.get(`${base}?sort=active`);
      expect(res.status).toBe(400);
      expect(fieldPaths(res)).toEqual(['querystring.sort']);
    });

    it('hides deactivated entries unless includeInactive=true', async () => {
      const tag = `INA${s.kind.slice(0, 3)}${uniq()}`;
      const live = await create(s, { code: `${tag}-live` });
      const gone = await create(s, { code: `${tag}-gone` });
      expect((await admin.post(`${base}/${gone.id}/deactivate`)).status).toBe(200);
      expect((await list(s, `q=${tag}`)).items.map((i) => i.id)).toEqual([live.id]);
      expect((await list(s, `q=${tag}`)).total).toBe(1);
      expect((await list(s, `q=${tag}&includeInactive=true`)).items.map((i) => i.id).sort()).toEqual([live.id, gone.id].sort());
      expect((await list(s, `q=${tag}&includeInactive=false`)).items.map((i) => i.id)).toEqual([live.id]);
    });
  });

  describe(`GET ${base}/:id`, () => {
    it('returns the entry to any signed-in person', async () => {
      const made = await create(s);
      const res = await researcher.get(`${base}/${made.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(made);
    });

    it('answers 404 NOT_FOUND for an unknown id', async () => {
      const res = await admin.get(`${base}/00000000-0000-4000-8000-000000000000`);
      expect(res.status).toBe(404);
      expect(errorCode(res)).toBe('NOT_FOUND');
    });

    it('answers 400 for an id that is not a UUID', async () => {
      const res = await admin.get(`${base}/not-a-uuid`);
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
      expect(fieldPaths(res)).toEqual(['params.id']);
    });
  });

  describe(`PATCH ${base}/:id`, () => {
    it('changes only the given fields and records before and after', async () => {
      const made = await create(s);
      const seq = await lastSeq();
      t.clock.advance(1000);
      const res = await admin.patch(`${base}/${made.id}`, { [s.en]: 'Renamed in English' });
      expect(res.status).toBe(200);
      const after = res.body as Dto;
      expect(after).toEqual({ ...made, [s.en]: 'Renamed in English', updatedAt: after.updatedAt });
      expect(after.updatedAt > made.updatedAt).toBe(true);
      const entries = await auditAfter(seq);
      expect(entries.map((e) => [e.action, e.targetId])).toEqual([[`${s.kind}.updated`, made.id]]);
      expect(entries[0]!.details).toEqual({ before: { [s.en]: made[s.en] }, after: { [s.en]: 'Renamed in English' } });
    });

    it('answers 409 DUPLICATE_CODE when taking another entry’s code, and changes nothing', async () => {
      const a = await create(s);
      const b = await create(s);
      const seq = await lastSeq();
      const res = await admin.patch(`${base}/${b.id}`, { code: a.code, [s.en]: 'Should not stick' });
      expect(res.status).toBe(409);
      expect(errorCode(res)).toBe('DUPLICATE_CODE');
      expect((await admin.get(`${base}/${b.id}`)).body).toEqual(b);
      expect(await auditAfter(seq)).toEqual([]);
    });

    it('rejects an invalid field with 400 and changes nothing', async () => {
      const made = await create(s);
      const seq = await lastSeq();
      const res = await admin.patch(`${base}/${made.id}`, { code: 'no spaces allowed', [s.en]: 'Should not stick' });
      expect(res.status).toBe(400);
      expect(fieldPaths(res)).toEqual(['code']);
      expect((await admin.get(`${base}/${made.id}`)).body).toEqual(made);
      expect(await auditAfter(seq)).toEqual([]);
    });

    it('answers 404 for an unknown id', async () => {
      const res = await admin.patch(`${base}/00000000-0000-4000-8000-000000000000`, { [s.en]: 'x' });
      expect(res.status).toBe(404);
    });

    it('returns 403 to a researcher and changes nothing', async () => {
      const made = await create(s);
      const res = await researcher.patch(`${base}/${made.id}`, { [s.en]: 'Hijacked' });
      expect(res.status).toBe(403);
      expect((await admin.get(`${base}/${made.id}`)).body).toEqual(made);
    });
  });

  describe(`POST ${base}/:id/deactivate and /reactivate`, () => {
    it(`deactivates (one ${s.kind}.deactivated entry) and reactivates (one ${s.kind}.updated entry)`, async () => {
      const made = await create(s);
      let seq = await lastSeq();
      const off = await admin.post(`${base}/${made.id}/deactivate`);
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: made.id, active: false });
      expect((await auditAfter(seq)).map((e) => [e.action, e.targetId])).toEqual([[`${s.kind}.deactivated`, made.id]]);
      expect((await admin.get(`${base}/${made.id}`)).body).toMatchObject({ active: false });

      seq = await lastSeq();
      expect((await admin.post(`${base}/${made.id}/deactivate`)).status).toBe(200);
      expect(await auditAfter(seq)).toEqual([]); // already inactive: nothing to record

      const on = await admin.post(`${base}/${made.id}/reactivate`);
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({ id: made.id, active: true });
      const entries = await auditAfter(seq);
      expect(entries.map((e) => [e.action, e.targetId])).toEqual([[`${s.kind}.updated`, made.id]]);
      expect(entries[0]!.details).toEqual({ before: { active: false }, after: { active: true } });
      expect((await list(s, `q=${made.code}`)).items.map((i) => i.id)).toEqual([made.id]);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await admin.post(`${base}/00000000-0000-4000-8000-000000000000/deactivate`)).status).toBe(404);
    });

    it('returns 403 to a researcher and leaves the entry active', async () => {
      const made = await create(s);
      expect((await researcher.post(`${base}/${made.id}/deactivate`)).status).toBe(403);
      expect((await admin.get(`${base}/${made.id}`)).body).toMatchObject({ active: true });
    });
  });

  describe(`${s.kind} audit entries`, () => {
    it('commit and roll back with the change they record', async () => {
      // A caller's transaction that fails after the write: neither the row nor its entry may remain.
      const svc = reg[s.svc];
      const made = await create(s);
      const body = bodyOf(s);
      const seq = await lastSeq();
      await expect(
        t.ctx.db.transaction(async (tx) => {
          await svc.createInTx(tx, system, body);
          await svc.updateInTx(tx, system, made.id, { [s.en]: 'Rolled back' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await countWithCode(s, String(body.code))).toBe(0);
      expect((await admin.get(`${base}/${made.id}`)).body).toEqual(made);
      expect(await auditAfter(seq)).toEqual([]);
    });
  });
}

// ---- what only some registries have -----------------------------------------------------------

describe('POST /api/institutions (prefecture)', () => {
  it.each([['48'], ['00'], ['東京都'], ['Tokyo'], [13]])('rejects the prefecture %j with 400 on "prefecture"', async (prefecture) => {
    const s = SPECS[1]!;
    const body = bodyOf(s, { prefecture });
    const res = await admin.post('/api/institutions', body);
    expect(res.status).toBe(400);
    expect(fieldPaths(res)).toEqual(['prefecture']);
    expect(await countWithCode(s, String(body.code))).toBe(0);
  });

  it('accepts every JIS prefecture code from 01 to 47', async () => {
    const s = SPECS[1]!;
    for (const p of ['01', '13', '47']) expect((await admin.post('/api/institutions', bodyOf(s, { prefecture: p }))).status).toBe(201);
  });
});

describe('POST /api/units (kind)', () => {
  it('rejects an unknown unit kind', async () => {
    const res = await admin.post('/api/units', bodyOf(SPECS[0]!, { kind: 'hospital' }));
    expect(res.status).toBe(400);
    expect(fieldPaths(res)).toEqual(['kind']);
  });
});

describe('POST /api/studies (references)', () => {
  const s = () => SPECS[3]!;

  it('accepts a study office unit and shows the research group code', async () => {
    const res = await admin.post('/api/studies', bodyOf(s(), { studyOfficeUnitId: org.so.id }));
    expect(res.status).toBe(201);
    const rgA = (await reg.researchGroups.get(system, org.rgA.id)) as { code: string };
    expect(res.body).toMatchObject({ studyOfficeUnitId: org.so.id, researchGroupId: org.rgA.id, researchGroupCode: rgA.code });
  });

  it.each([
    ['an unknown research group', () => ({ researchGroupId: '00000000-0000-4000-8000-000000000000' }), 'researchGroupId'],
    ['a unit that is not a study office', () => ({ studyOfficeUnitId: org.dc.id }), 'studyOfficeUnitId'],
    ['an unknown study office', () => ({ studyOfficeUnitId: '00000000-0000-4000-8000-000000000000' }), 'studyOfficeUnitId'],
    ['a research group id that is not a UUID', () => ({ researchGroupId: 'rg-a' }), 'researchGroupId'],
  ])('rejects %s with 400 naming the field, and creates nothing', async (_label, over, path) => {
    const body = bodyOf(s(), over());
    const seq = await lastSeq();
    const res = await admin.post('/api/studies', body);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect(fieldPaths(res)).toEqual([path]);
    expect(await countWithCode(s(), String(body.code))).toBe(0);
    expect(await auditAfter(seq)).toEqual([]);
  });

  it('refuses to move a study to a unit that is not a study office, and changes nothing', async () => {
    const made = await create(s());
    const res = await admin.patch(`/api/studies/${made.id}`, { studyOfficeUnitId: org.dc.id });
    expect(res.status).toBe(400);
    expect(fieldPaths(res)).toEqual(['studyOfficeUnitId']);
    expect((await admin.get(`/api/studies/${made.id}`)).body).toEqual(made);
  });

  it('moves a study to another research group and updates its code', async () => {
    const made = await create(s());
    const res = await admin.patch(`/api/studies/${made.id}`, { researchGroupId: org.rgB.id });
    expect(res.status).toBe(200);
    const rgB = (await reg.researchGroups.get(system, org.rgB.id)) as { code: string };
    expect(res.body).toMatchObject({ researchGroupId: org.rgB.id, researchGroupCode: rgB.code });
  });
});

describe('GET /api/org/options', () => {
  it('lists active entries of every registry for pickers, without deactivated ones', async () => {
    const live = await create(SPECS[1]!);
    const gone = await create(SPECS[1]!);
    await admin.post(`/api/institutions/${gone.id}/deactivate`);
    const res = await researcher.get('/api/org/options');
    expect(res.status).toBe(200);
    const body = res.body as Record<'units' | 'institutions' | 'researchGroups' | 'committees', { id: string; kind?: string }[]>;
    const ids = body.institutions.map((i) => i.id);
    expect(ids).toContain(live.id);
    expect(ids).not.toContain(gone.id);
    expect(body.units.find((u) => u.id === org.so.id)).toMatchObject({ kind: 'study_office' });
    expect(body.researchGroups.map((g) => g.id)).toEqual(expect.arrayContaining([org.rgA.id, org.rgB.id]));
    expect(body.committees.map((c) => c.id)).toContain(org.steering.id);
  });
});
