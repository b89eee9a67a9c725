import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  type AssetChange,
  type AssetDto,
  CreateAsset,
  assetIssues,
  defaultClassification,
  formatAssetRef,
  importanceOf,
  kindOfType,
  parseAssetRef,
  ALLOWED_CLASSIFICATIONS,
  type AssetCategory,
  type AssetType,
  type Classification,
} from '../../../../shared/assets.js';
import type { ImportRowError } from '../../../../shared/org.js';
import type { Actor } from '../../../authz/actor.js';
import type { AppContext } from '../../../context.js';
import type { Conn, Tx } from '../../../db/client.js';
import { assetHistory, assetLaws, assets, assetStudies } from '../../../db/schema/index.js';
import type { CsvRow } from '../../org/import/csv-rows.js';
import { FILE_ROW, problem } from '../../org/import/import-errors.js';
import { DuplicateCheck, RowCheck, RowProblemsError, type BatchImporter, type ImportLimits } from '../../org/import/importer.js';
import { inBatches, type TableSource } from '../../org/import/table-source.js';
import { assetScope } from '../../../authz/scopes/assets.js';
import { AssetsService, TRACKED } from '../assets.service.js';
import { CATEGORY_WORDS, CLASSIFICATION_WORDS, DISPOSAL_WORDS, KIND_WORDS, LOCATION_WORDS, TYPE_WORDS } from '../assets.words.js';
import { ASSET_COLUMNS } from './asset-columns.js';
import { bulkInsert } from './bulk-insert.js';
import { Choice, failed, findPerson, loadDirectory, parseDate, parseHours, parseLevel, splitList, type Directory, type Entry } from './asset-values.js';

type AssetRow = typeof assets.$inferSelect;

/** Rows read, checked and written together (one multi-row INSERT per table). */
export const ASSET_BATCH = 1000;
/**
 * Lets timers and waiting requests run between batches: a chain of awaited PGlite queries never
 * leaves the microtask queue, so without this a long import would starve the event loop.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Validation stops after this many problems: the file needs fixing anyway. */
const MAX_PROBLEMS = 5000;

/** A whole register in one file: up to 200,000 rows (about 60 MB of CSV). */
export const ASSET_IMPORT_LIMITS: ImportLimits = { action: 'asset.manage', maxRows: 200_000, maxFileBytes: 100 * 1024 * 1024, maxUnzipped: 1024 * 1024 * 1024 };

// ---- fixed values --------------------------------------------------------------------------------
const KIND = new Choice('kind (information, system, medium, place)', KIND_WORDS);
const TYPE = new Choice('asset type', TYPE_WORDS, { 紙: 'paper', 紙媒体: 'paper', usb: 'usb_memory', usbメモリー: 'usb_memory', cd: 'cd_rom', pc: 'laptop', ノートpc: 'laptop', スマホ: 'smartphone', db: 'database', サーバ: 'server' });
const CATEGORY = new Choice('category', CATEGORY_WORDS, { 要配慮: 'special_care', 秘密情報: 'other_confidential', その他秘密情報: 'other_confidential', 'other confidential': 'other_confidential', 公開: 'public' });
const CLASSIFICATION = new Choice('classification (confidential, internal, public)', CLASSIFICATION_WORDS, { 機密: 'confidential', 極秘: 'confidential', 社外秘: 'internal', 部外秘: 'internal', 関係者限り: 'internal' });
const LOCATION = new Choice('location', LOCATION_WORDS, { 施設: 'institution', 病院: 'institution', 事務局: 'operations_office', dc: 'data_center', クラウド: 'external_service', 外部: 'external_service', 外部委託先: 'external_service' });
const DISPOSAL = new Choice('disposal method', DISPOSAL_WORDS, { シュレッダー: 'shredding', 溶解: 'dissolution', 消去: 'secure_erase', データ消去: 'secure_erase', 破壊: 'physical_destruction' });

/** The asset's own fields, as stored: the same list the service records in the history and compares on update. */
type Values = Pick<AssetRow, (typeof TRACKED)[number]>;

const EMPTY: Omit<Values, 'kind' | 'type' | 'name' | 'category' | 'classification' | 'confidentiality' | 'integrity' | 'availability' | 'importance' | 'ownerUnitId' | 'location'> = {
  description: '',
  ownerPersonId: null,
  custodianPersonId: null,
  locationInstitutionId: null,
  locationDetail: null,
  institutionId: null,
  researchGroupId: null,
  retentionUntil: null,
  disposalMethod: null,
  rtoHours: null,
  rpoHours: null,
  backupMethod: null,
  lastRestoreTestOn: null,
  note: null,
};

/** Schema and rule paths → the file's column. */
const COLUMN_OF: Record<string, string> = {
  ownerUnitId: 'ownerUnit',
  ownerPersonId: 'ownerPerson',
  custodianPersonId: 'custodian',
  locationInstitutionId: 'locationInstitution',
  institutionId: 'institution',
  researchGroupId: 'researchGroup',
  parentId: 'parentRef',
  studyIds: 'studies',
  lawIds: 'laws',
};
const columnOf = (path: string) => COLUMN_OF[path] ?? path;
const REQUIRED = ASSET_COLUMNS.filter((c) => c.required).map((c) => c.field);
/** Where a rule's problem goes when its own column is not in the file. */
const FALLBACK_COLUMN: Record<string, string> = { locationInstitution: 'location', locationDetail: 'location', kind: 'type', classification: 'category' };
const columnLabel = (field: string) => {
  const c = ASSET_COLUMNS.find((x) => x.field === field);
  return c ? `${c.en} (${c.ja})` : field;
};
const REASON_CODE: Record<string, string> = {
  type_not_of_kind: 'TYPE_NOT_OF_KIND',
  classification_inconsistent: 'CLASSIFICATION_INCONSISTENT',
  cia_out_of_scale: 'OUT_OF_SCALE',
  institution_required: 'REQUIRED',
  service_name_required: 'REQUIRED',
  continuity_systems_only: 'SYSTEMS_ONLY',
};

function diff(before: Values | null, after: Values): AssetChange[] {
  const out: AssetChange[] = [];
  for (const f of TRACKED) {
    const b = before ? (before[f] ?? null) : null;
    const a = after[f] ?? null;
    if (b !== a && !(before === null && (a === null || a === ''))) out.push({ field: f, before: b, after: a });
  }
  return out;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

// ---- one batch -----------------------------------------------------------------------------------

interface Create {
  row: number;
  id: string;
  values: Values;
  parentId: string | null;
  studyIds: string[];
  lawIds: string[];
  changes: AssetChange[];
}

interface Update {
  row: number;
  id: string;
  version: number;
  values: Values;
  /** Undefined: unchanged. */
  parentId?: string | null;
  studyIds?: string[];
  lawIds?: string[];
  changes: AssetChange[];
}

interface BatchPlan {
  creates: Create[];
  updates: Update[];
  unchanged: number;
}

/** What a pass keeps across batches. */
interface PassState {
  dir: Directory;
  ciaMax: number;
  refs: DuplicateCheck;
  problems: ImportRowError[];
}

/** The rows' targets (by reference) and parents, as the actor may see them, in two queries. */
async function loadTargets(conn: Conn, actor: Actor, refNos: number[], lock: boolean): Promise<Map<number, AssetRow>> {
  if (!refNos.length) return new Map();
  const q = conn
    .select()
    .from(assets)
    .where(and(inArray(assets.refNo, refNos), assetScope.filter(actor)));
  const rows = lock ? await q.for('update') : await q;
  return new Map(rows.map((r) => [r.refNo, r]));
}

async function loadLinks(conn: Conn, ids: string[]): Promise<{ studies: Map<string, string[]>; laws: Map<string, string[]> }> {
  const studies = new Map<string, string[]>();
  const lawsOf = new Map<string, string[]>();
  if (ids.length) {
    for (const r of await conn.select().from(assetStudies).where(inArray(assetStudies.assetId, ids))) studies.set(r.assetId, [...(studies.get(r.assetId) ?? []), r.studyId]);
    for (const r of await conn.select().from(assetLaws).where(inArray(assetLaws.assetId, ids))) lawsOf.set(r.assetId, [...(lawsOf.get(r.assetId) ?? []), r.lawId]);
  }
  return { studies, laws: lawsOf };
}

/** Whether `parentId` lies in the subtree under `id` (or is `id`): making it the parent would close a loop. */
async function wouldCycle(conn: Conn, id: string, parentId: string): Promise<boolean> {
  const res = await conn.execute(sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from assets where id = ${parentId}
      union all
      select a.id, a.parent_id, up.depth + 1 from assets a join up on a.id = up.parent_id where up.depth < 1000
    ) select exists(select 1 from up where id = ${id}) as hit`);
  const rows = (res as unknown as { rows: { hit: boolean }[] }).rows;
  return !!rows[0]?.hit;
}

/**
 * Checks one batch of rows against the database as `conn` sees it and works out the writes.
 * Problems go to `state.problems`; a row with a problem yields no write.
 */
async function planBatch(ctx: AppContext, conn: Conn, actor: Actor, source: TableSource, rows: CsvRow[], state: PassState, lock: boolean): Promise<BatchPlan> {
  const has = (f: string) => source.headers.has(f);
  const plan: BatchPlan = { creates: [], updates: [], unchanged: 0 };
  const refNo = (v: string | undefined) => (v ? parseAssetRef(v) : null);
  const targets = await loadTargets(conn, actor, [...new Set(rows.map((r) => refNo(r.values.ref)).filter((n): n is number => n !== null))], lock);
  const parents = has('parentRef') ? await loadTargets(conn, actor, [...new Set(rows.map((r) => refNo(r.values.parentRef)).filter((n): n is number => n !== null))], false) : new Map<number, AssetRow>();
  const links = has('studies') || has('laws') ? await loadLinks(conn, [...targets.values()].map((t) => t.id)) : null;

  // columns the file lacks are named in reports by both template headers
  const labels = { headers: new Map([...ASSET_COLUMNS.map((c) => [c.field, columnLabel(c.field)] as const), ...source.headers]) };
  for (const { row, values: v, overflow } of rows) {
    if (state.problems.length >= MAX_PROBLEMS) break;
    const rc = new RowCheck(row, labels, overflow);
    rc.required(v, REQUIRED);
    const cell = (f: string): string | undefined => (has(f) ? (v[f] ?? '') : undefined);
    const report = (f: string, x: { code: string; message: string }) => rc.add(f, x.code, `${rc.header(f)}: ${x.message}`);
    const take = <T>(f: string, parse: (s: string) => T | { code: string; message: string }): T | null | undefined => {
      const s = cell(f);
      if (s === undefined) return undefined;
      if (s === '') return null;
      const x = parse(s);
      if (failed(x)) {
        report(f, x);
        return undefined;
      }
      return x as T;
    };
    const entry = (f: string, find: (s: string) => Entry | { code: string; message: string }) => {
      const e = take<Entry>(f, find);
      return e === undefined ? undefined : e === null ? null : e.id;
    };

    // the target of an update
    let before: AssetRow | null = null;
    const ref = cell('ref');
    if (ref) {
      const n = parseAssetRef(ref);
      if (n === null) rc.add('ref', 'INVALID', `${rc.header('ref')}: "${ref}" is not an asset reference (e.g. A-000123). Leave it empty to register a new asset.`);
      else if (state.refs.check(rc, 'ref', String(n))) {
        before = targets.get(n) ?? null;
        if (!before) rc.add('ref', 'UNKNOWN_REF', `${rc.header('ref')}: no asset ${formatAssetRef(n)} is in the register (or you may not see it). Leave it empty to register a new asset.`);
        else if (before.status !== 'active') rc.add('ref', 'ASSET_DISPOSED', `${rc.header('ref')}: ${formatAssetRef(n)} has been disposed of and can no longer be changed.`);
        else if (!ctx.authz.can(actor, 'asset.manage', { unitId: before.ownerUnitId })) rc.add('ref', 'FORBIDDEN', `${rc.header('ref')}: you may not change ${formatAssetRef(n)}; it belongs to another unit.`);
      }
      if (!before) {
        state.problems.push(...rc.problems);
        continue;
      }
    } else {
      // a new asset needs every required column, even in a file of updates
      for (const f of REQUIRED) if (!has(f)) rc.add(f, 'REQUIRED', `${columnLabel(f)} is needed to register a new asset (this row has no ${rc.header('ref')}).`);
    }

    // the cells
    const kind = take('kind', (s) => KIND.parse(s));
    const type = take('type', (s) => TYPE.parse(s));
    const category = take('category', (s) => CATEGORY.parse(s));
    const classification = take('classification', (s) => CLASSIFICATION.parse(s));
    const level = (f: string) => take(f, (s) => parseLevel(s, state.ciaMax));
    const [c, i, a] = [level('confidentiality'), level('integrity'), level('availability')];
    const ownerUnitId = entry('ownerUnit', (s) => state.dir.units.find(s));
    const ownerPersonId = entry('ownerPerson', (s) => findPerson(state.dir, s));
    const custodianPersonId = entry('custodian', (s) => findPerson(state.dir, s));
    // The register's export writes the institution's name as the location of assets kept at one.
    let atInstitution: string | undefined;
    const location = take('location', (s) => {
      const l = LOCATION.parse(s);
      if (!failed(l)) return l;
      const inst = state.dir.institutions.find(s);
      if (failed(inst)) return inst.code === 'UNKNOWN_CODE' ? l : inst;
      atInstitution = inst.id;
      return 'institution' as const;
    });
    const locationInstitutionId = entry('locationInstitution', (s) => state.dir.institutions.find(s)) ?? atInstitution;
    const institutionId = entry('institution', (s) => state.dir.institutions.find(s));
    const researchGroupId = entry('researchGroup', (s) => state.dir.researchGroups.find(s));
    const retentionUntil = take('retentionUntil', parseDate);
    const disposalMethod = take('disposalMethod', (s) => DISPOSAL.parse(s));
    const rtoHours = take('rtoHours', parseHours);
    const rpoHours = take('rpoHours', parseHours);
    const lastRestoreTestOn = take('lastRestoreTestOn', parseDate);
    const list = (f: string, find: (s: string) => Entry | { code: string; message: string }): string[] | undefined => {
      const s = cell(f);
      if (s === undefined) return undefined;
      const ids: string[] = [];
      const bad: string[] = [];
      let code = '';
      for (const item of splitList(s)) {
        const e = find(item);
        if (failed(e)) {
          bad.push(e.message);
          code ||= e.code;
        } else ids.push(e.id);
      }
      if (bad.length) rc.add(f, code, `${rc.header(f)}: ${bad.join(' ')}`);
      return [...new Set(ids)];
    };
    const studyIds = list('studies', (s) => state.dir.studies.find(s));
    const lawIds = list('laws', (s) => state.dir.laws.find(s));
    let parentId: string | null | undefined;
    const parentCell = cell('parentRef');
    if (parentCell !== undefined) {
      const n = parentCell === '' ? null : parseAssetRef(parentCell);
      if (parentCell !== '' && n === null) rc.add('parentRef', 'INVALID', `${rc.header('parentRef')}: "${parentCell}" is not an asset reference (e.g. A-000010).`);
      else if (n === null) parentId = null;
      else {
        const p = parents.get(n);
        if (!p) rc.add('parentRef', 'UNKNOWN_REF', `${rc.header('parentRef')}: no asset ${formatAssetRef(n)} is in the register (or you may not see it).`);
        else if (p.status !== 'active') rc.add('parentRef', 'ASSET_DISPOSED', `${rc.header('parentRef')}: ${formatAssetRef(n)} has been disposed of.`);
        else if (before && p.id === before.id) rc.add('parentRef', 'ASSET_CYCLE', `${rc.header('parentRef')}: an asset cannot hold itself.`);
        else parentId = p.id;
      }
    }
    if (!rc.ok) {
      state.problems.push(...rc.problems);
      continue;
    }

    // the new state: the file's columns over the current one (or over the defaults)
    const pick = <K extends keyof Values>(k: K, x: Values[K] | null | undefined): Values[K] | undefined => (x === undefined ? undefined : (x as Values[K]));
    const base: Values = before
      ? (Object.fromEntries(TRACKED.map((k) => [k, before[k]])) as Values)
      : ({ ...EMPTY, kind: '', type: '', name: '', category: '', classification: '', confidentiality: 0, integrity: 0, availability: 0, importance: 0, ownerUnitId: '', location: '' } as Values);
    const optText = (f: 'locationDetail' | 'backupMethod' | 'note') => {
      const s = cell(f);
      return s === undefined ? undefined : s || null;
    };
    const patch: Partial<Values> = {};
    const set = <K extends keyof Values>(k: K, x: Values[K] | undefined) => {
      if (x !== undefined) patch[k] = x;
    };
    set('type', pick('type', type) ?? undefined);
    set('name', cell('name'));
    set('description', cell('description'));
    set('category', pick('category', category) ?? undefined);
    set('confidentiality', c ?? undefined);
    set('integrity', i ?? undefined);
    set('availability', a ?? undefined);
    set('ownerUnitId', ownerUnitId ?? undefined);
    set('ownerPersonId', ownerPersonId);
    set('custodianPersonId', custodianPersonId);
    set('location', location ?? undefined);
    set('locationInstitutionId', locationInstitutionId);
    set('locationDetail', optText('locationDetail'));
    set('researchGroupId', researchGroupId);
    set('retentionUntil', retentionUntil);
    set('disposalMethod', disposalMethod);
    set('rtoHours', rtoHours);
    set('rpoHours', rpoHours);
    set('backupMethod', optText('backupMethod'));
    set('lastRestoreTestOn', lastRestoreTestOn);
    set('note', optText('note'));
    const next: Values = { ...base, ...patch };
    // kind follows the type unless the file gives it; classification follows the category when empty
    next.kind = kind ?? kindOfType(next.type as AssetType);
    if (classification) next.classification = classification;
    else if (classification === null || !before) next.classification = defaultClassification(next.category as AssetCategory);
    next.importance = importanceOf(next.confidentiality, next.integrity, next.availability);
    next.locationInstitutionId = next.location === 'institution' ? next.locationInstitutionId : null;
    // the access scope: given, or (when it followed the old location, or is new) the institution the asset is at
    const followsLocation = !before || before.institutionId === before.locationInstitutionId;
    const scope = institutionId !== undefined ? institutionId : followsLocation ? null : next.institutionId;
    next.institutionId = scope ?? (next.location === 'institution' ? next.locationInstitutionId : null);

    // the same rules the API applies
    const parsed = CreateAsset.safeParse({ ...next, parentId: parentId ?? null, studyIds: studyIds ?? [], lawIds: lawIds ?? [] });
    if (!parsed.success) rc.schema(parsed.error, v, columnOf);
    for (const issue of assetIssues(
      { ...next, kind: next.kind as AssetDto['kind'], type: next.type as AssetDto['type'], category: next.category as AssetDto['category'], classification: next.classification as AssetDto['classification'], location: next.location as AssetDto['location'] },
      state.ciaMax,
    )) {
      // a rule about a column the file lacks is reported on the column that set it off
      const col = columnOf(issue.path);
      const f = has(col) ? col : (FALLBACK_COLUMN[col] ?? col);
      const message =
        issue.reason === 'classification_inconsistent'
          ? `"${CLASSIFICATION_WORDS[next.classification as Classification]?.en ?? next.classification}" does not fit ${CATEGORY_WORDS[next.category as AssetCategory]?.en.toLowerCase() ?? next.category}, which allows ${ALLOWED_CLASSIFICATIONS[next.category as AssetCategory].map((c) => CLASSIFICATION_WORDS[c].en.toLowerCase()).join(' or ')}`
          : issue.message;
      rc.add(f, REASON_CODE[issue.reason] ?? 'INVALID', `${rc.header(f)}: ${f === col ? '' : `${columnLabel(col)}: `}${message}.`);
    }
    if (next.ownerUnitId && !ctx.authz.can(actor, 'asset.manage', { unitId: next.ownerUnitId })) {
      rc.add('ownerUnit', 'FORBIDDEN', `${rc.header('ownerUnit')}: you may register and change assets only for your own unit.`);
    }
    if (before && parentId && rc.ok && (await wouldCycle(conn, before.id, parentId))) {
      rc.add('parentRef', 'ASSET_CYCLE', `${rc.header('parentRef')}: that asset is held by this one, so it cannot hold it.`);
    }
    if (!rc.ok) {
      state.problems.push(...rc.problems);
      continue;
    }

    if (!before) {
      const changes = diff(null, next);
      if (parentId) changes.push({ field: 'parentId', before: null, after: parentId });
      if (studyIds?.length) changes.push({ field: 'studyIds', before: null, after: studyIds });
      if (lawIds?.length) changes.push({ field: 'lawIds', before: null, after: lawIds });
      plan.creates.push({ row, id: randomUUID(), values: next, parentId: parentId ?? null, studyIds: studyIds ?? [], lawIds: lawIds ?? [], changes });
      continue;
    }
    const changes = diff(before, next);
    const upd: Update = { row, id: before.id, version: before.version + 1, values: next, changes };
    if (parentId !== undefined && parentId !== before.parentId) {
      upd.parentId = parentId;
      changes.push({ field: 'parentId', before: before.parentId, after: parentId });
    }
    const curStudies = links?.studies.get(before.id) ?? [];
    if (studyIds && !sameSet(studyIds, curStudies)) {
      upd.studyIds = studyIds;
      changes.push({ field: 'studyIds', before: curStudies, after: studyIds });
    }
    const curLaws = links?.laws.get(before.id) ?? [];
    if (lawIds && !sameSet(lawIds, curLaws)) {
      upd.lawIds = lawIds;
      changes.push({ field: 'lawIds', before: curLaws, after: lawIds });
    }
    if (changes.length) plan.updates.push(upd);
    else plan.unchanged++;
  }
  return plan;
}

const ASSET_COLUMNS_SQL = [
  [assets.id, 'uuid'],
  [assets.name, 'text'],
  [assets.description, 'text'],
  [assets.kind, 'text'],
  [assets.type, 'text'],
  [assets.category, 'text'],
  [assets.classification, 'text'],
  [assets.confidentiality, 'int2'],
  [assets.integrity, 'int2'],
  [assets.availability, 'int2'],
  [assets.importance, 'int2'],
  [assets.ownerUnitId, 'uuid'],
  [assets.ownerPersonId, 'uuid'],
  [assets.custodianPersonId, 'uuid'],
  [assets.location, 'text'],
  [assets.locationInstitutionId, 'uuid'],
  [assets.locationDetail, 'text'],
  [assets.institutionId, 'uuid'],
  [assets.researchGroupId, 'uuid'],
  [assets.parentId, 'uuid'],
  [assets.retentionUntil, 'date'],
  [assets.disposalMethod, 'text'],
  [assets.rtoHours, 'float4'],
  [assets.rpoHours, 'float4'],
  [assets.backupMethod, 'text'],
  [assets.lastRestoreTestOn, 'date'],
  [assets.note, 'text'],
  [assets.status, 'text'],
  [assets.version, 'int4'],
  [assets.createdBy, 'uuid'],
  [assets.createdAt, 'timestamptz'],
  [assets.updatedAt, 'timestamptz'],
] as const;

/** Writes a checked batch: one multi-row INSERT per table for new assets, their links and history; one UPDATE per changed asset. */
async function writeBatch(tx: Tx, actor: Actor, now: Date, plan: BatchPlan): Promise<void> {
  if (plan.creates.length) {
    await bulkInsert(
      tx,
      assets,
      ASSET_COLUMNS_SQL,
      plan.creates.map(({ id, values: v, parentId }) => [
        id,
        v.name,
        v.description,
        v.kind,
        v.type,
        v.category,
        v.classification,
        v.confidentiality,
        v.integrity,
        v.availability,
        v.importance,
        v.ownerUnitId,
        v.ownerPersonId,
        v.custodianPersonId,
        v.location,
        v.locationInstitutionId,
        v.locationDetail,
        v.institutionId,
        v.researchGroupId,
        parentId,
        v.retentionUntil,
        v.disposalMethod,
        v.rtoHours,
        v.rpoHours,
        v.backupMethod,
        v.lastRestoreTestOn,
        v.note,
        'active',
        1,
        actor.personId,
        now,
        now,
      ]),
    );
    const studyLinks = plan.creates.flatMap((c) => c.studyIds.map((studyId) => [c.id, studyId, now]));
    const lawLinks = plan.creates.flatMap((c) => c.lawIds.map((lawId) => [c.id, lawId, now]));
    await bulkInsert(tx, assetStudies, [[assetStudies.assetId, 'uuid'], [assetStudies.studyId, 'uuid'], [assetStudies.createdAt, 'timestamptz']], studyLinks);
    await bulkInsert(tx, assetLaws, [[assetLaws.assetId, 'uuid'], [assetLaws.lawId, 'uuid'], [assetLaws.createdAt, 'timestamptz']], lawLinks);
  }
  for (const u of plan.updates) {
    await tx
      .update(assets)
      .set({ ...u.values, ...(u.parentId !== undefined ? { parentId: u.parentId } : {}), version: u.version, updatedAt: now })
      .where(eq(assets.id, u.id));
    if (u.studyIds) {
      await tx.delete(assetStudies).where(eq(assetStudies.assetId, u.id));
      if (u.studyIds.length) await tx.insert(assetStudies).values(u.studyIds.map((studyId) => ({ assetId: u.id, studyId, createdAt: now })));
    }
    if (u.lawIds) {
      await tx.delete(assetLaws).where(eq(assetLaws.assetId, u.id));
      if (u.lawIds.length) await tx.insert(assetLaws).values(u.lawIds.map((lawId) => ({ assetId: u.id, lawId, createdAt: now })));
    }
  }
  await bulkInsert(
    tx,
    assetHistory,
    [
      [assetHistory.id, 'uuid'],
      [assetHistory.assetId, 'uuid'],
      [assetHistory.at, 'timestamptz'],
      [assetHistory.actorPersonId, 'uuid'],
      [assetHistory.action, 'text'],
      [assetHistory.version, 'int4'],
      [assetHistory.changes, 'jsonb'],
    ],
    [
      ...plan.creates.map((c) => [randomUUID(), c.id, now, actor.personId, 'created', 1, c.changes]),
      ...plan.updates.map((u) => [randomUUID(), u.id, now, actor.personId, 'updated', u.version, u.changes]),
    ],
  );
}

/**
 * The asset register's importer (P32-1.1): a whole spreadsheet register in one all-or-nothing job.
 * Rows without a reference are registered; rows with one update that asset (only the columns the
 * file has). Every row passes the checks the API applies (field formats, the category ↔
 * classification rule, the C/I/A scale, who may manage which unit's assets). Writes go in batches
 * of multi-row INSERTs inside the import's transaction; each asset gets its history row, and the
 * import one audit entry with the counts (import.completed).
 */
export function assetImporter(ctx: AppContext): BatchImporter {
  const service = new AssetsService(ctx);
  const state = async (conn: Conn): Promise<PassState> => ({ dir: await loadDirectory(conn), ciaMax: await service.ciaMax(conn), refs: new DuplicateCheck('asset reference'), problems: [] });
  return {
    mode: 'batch',
    limits: ASSET_IMPORT_LIMITS,
    columns: ASSET_COLUMNS,

    async validate(conn, actor, source, progress) {
      const s = await state(conn);
      let done = 0;
      for await (const rows of inBatches(source.rows(), ASSET_BATCH)) {
        await planBatch(ctx, conn, actor, source, rows, s, false);
        done += rows.length;
        if (s.problems.length >= MAX_PROBLEMS) {
          s.problems.push(problem(FILE_ROW, null, 'TOO_MANY_ERRORS', `Checking stopped after ${MAX_PROBLEMS} problems (at row ${rows[rows.length - 1]?.row}). Fix these and import the file again.`));
          break;
        }
        await progress(done);
        await yieldToEventLoop();
      }
      return s.problems;
    },

    async write(tx, actor, source, progress) {
      const s = await state(tx);
      const now = ctx.clock.now();
      const counts = { created: 0, updated: 0 };
      let done = 0;
      for await (const rows of inBatches(source.rows(), ASSET_BATCH)) {
        const plan = await planBatch(ctx, tx, actor, source, rows, s, true);
        // the register changed since the file was checked: report and roll back
        if (s.problems.length) throw new RowProblemsError(s.problems);
        await writeBatch(tx, actor, now, plan);
        counts.created += plan.creates.length;
        counts.updated += plan.updates.length;
        done += rows.length;
        progress(done);
        await yieldToEventLoop();
      }
      return counts;
    },
  };
}
