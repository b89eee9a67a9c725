import { and, asc, count, desc, eq, getTableColumns, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AnyColumn } from 'drizzle-orm';
import {
  type AssetChange,
  type AssetChangeAction,
  type AssetDashboardDto,
  type AssetDto,
  type AssetFilters,
  type AssetHistoryEntryDto,
  type AssetPage,
  type AssetRef,
  type AssetSettingsDto,
  type AssetSort,
  type AssetSummaryDto,
  type CreateAsset,
  type CreateSavedView,
  DEFAULT_CIA_MAX,
  type DisposeAsset,
  type ListAssetsQuery,
  type SavedViewDto,
  type UpdateAsset,
  type UpdateAssetSettings,
  assetIssues,
  formatAssetRef,
  importanceOf,
  parseAssetRef,
} from '../../../shared/assets.js';
import type { Actor } from '../../authz/actor.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { assetHistory, assetLaws, assets, assetSearch, assetSavedViews, assetSettings, assetStudies, institutions, laws, people, researchGroups, studies, units } from '../../db/schema/index.js';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';

export type AssetRow = typeof assets.$inferSelect;
type NewAsset = typeof assets.$inferInsert;

/** The text search condition: every word's character pairs are among the asset's GIN-indexed grams (asset_search), and each word occurs (ILIKE); or the reference. */
export function assetSearchCondition(q: string | undefined): SQL | undefined {
  const words = (q ?? '').split(/\s+/u).filter(Boolean).slice(0, 8);
  if (!words.length) return undefined;
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const doc = sql`(${assets.name} || ' ' || ${assets.description} || ' ' || coalesce(${assets.note}, ''))`;
  const grams = sql`${assets.id} in (select ${assetSearch.assetId} from ${assetSearch} where ${assetSearch.grams} @> asset_search_query_grams(${words.join(' ')}))`;
  const text = and(grams, ...words.map((w) => sql`${doc} ilike ${like(w)}`))!;
  // a reference ("A-000123", "a123") is looked up by number alone; digits alone are searched as text
  const ref = words.length === 1 && /^a/i.test(words[0]!) ? parseAssetRef(words[0]!) : null;
  return ref !== null ? eq(assets.refNo, ref) : text;
}

/** The list filters as a condition (the visibility condition is added by the caller). */
export function assetFilterCondition(f: Partial<AssetFilters>, today: string): SQL | undefined {
  const status = f.status ?? 'active';
  return and(
    status === 'all' ? undefined : eq(assets.status, status),
    f.kind?.length ? inArray(assets.kind, f.kind) : undefined,
    f.type?.length ? inArray(assets.type, f.type) : undefined,
    f.category?.length ? inArray(assets.category, f.category) : undefined,
    f.classification?.length ? inArray(assets.classification, f.classification) : undefined,
    f.location?.length ? inArray(assets.location, f.location) : undefined,
    f.ownerUnitId ? eq(assets.ownerUnitId, f.ownerUnitId) : undefined,
    f.institutionId ? or(eq(assets.institutionId, f.institutionId), eq(assets.locationInstitutionId, f.institutionId)) : undefined,
    f.importanceMin ? gte(assets.importance, f.importanceMin) : undefined,
    f.retentionDueBefore ? lte(assets.retentionUntil, f.retentionDueBefore === 'today' ? today : f.retentionDueBefore) : undefined,
    assetSearchCondition(f.q),
  );
}

const SORT_COLUMNS: Record<AssetSort, SQL | typeof assets.refNo> = {
  ref: assets.refNo,
  name: sql`${assets.name}`,
  kind: sql`${assets.kind}`,
  type: sql`${assets.type}`,
  category: sql`${assets.category}`,
  classification: sql`${assets.classification}`,
  importance: sql`${assets.importance}`,
  retentionUntil: sql`${assets.retentionUntil}`,
  updatedAt: sql`${assets.updatedAt}`,
};
export function assetOrder(sort: AssetSort, dir: 'asc' | 'desc'): SQL[] {
  const d = dir === 'asc' ? asc : desc;
  const col = SORT_COLUMNS[sort];
  return sort === 'ref' ? [d(assets.refNo)] : [sort === 'retentionUntil' ? sql`${col} ${sql.raw(dir)} nulls last` : d(col), d(assets.refNo)];
}

const ownerUnit = alias(units, 'owner_unit');
const locInst = alias(institutions, 'loc_inst');
const scopeInst = alias(institutions, 'scope_inst');
const ownerP = alias(people, 'owner_p');
const custP = alias(people, 'cust_p');
const recP = alias(people, 'rec_p');
const parentA = alias(assets, 'parent_a');

type PersonCols = { id: AnyColumn; familyNameJa: AnyColumn; givenNameJa: AnyColumn; givenNameEn: AnyColumn; familyNameEn: AnyColumn };
type OrgCols = { id: AnyColumn; code: AnyColumn; nameJa: AnyColumn; nameEn: AnyColumn };
const nameJa = (p: PersonCols) => sql<string>`trim(${p.familyNameJa} || ' ' || ${p.givenNameJa})`;
const nameEn = (p: PersonCols) => sql<string>`trim(${p.givenNameEn} || ' ' || ${p.familyNameEn})`;
const personRef = (p: PersonCols) => ({ id: sql<string | null>`${p.id}`, nameJa: nameJa(p), nameEn: nameEn(p) });
const orgRef = (u: OrgCols) => ({ id: sql<string | null>`${u.id}`, code: sql<string>`${u.code}`, nameJa: sql<string>`${u.nameJa}`, nameEn: sql<string>`${u.nameEn}` });
const iso = (d: Date) => d.toISOString();
/** A left-joined reference: null when the join found nothing. */
function refOrNull<T extends { id: string | null }>(r: T | null): (Omit<T, 'id'> & { id: string }) | null {
  return r && r.id ? (r as Omit<T, 'id'> & { id: string }) : null;
}

/** The asset's columns. */
const assetColumns = getTableColumns(assets);
type AssetCore = AssetRow;

/** The columns the detail selects (the summary part). */
const summaryColumns = {
  a: assetColumns,
  ownerUnit: orgRef(ownerUnit),
  locInst: { id: locInst.id, code: locInst.code, nameJa: locInst.nameJa, nameEn: locInst.nameEn },
};
type SummaryRow = { a: AssetCore; ownerUnit: { id: string | null; code: string; nameJa: string; nameEn: string }; locInst: null | { id: string | null; code: string | null; nameJa: string | null; nameEn: string | null } };

function toSummary(r: SummaryRow): AssetSummaryDto {
  const a = r.a;
  return {
    id: a.id,
    ref: formatAssetRef(a.refNo),
    name: a.name,
    kind: a.kind as AssetSummaryDto['kind'],
    type: a.type as AssetSummaryDto['type'],
    category: a.category as AssetSummaryDto['category'],
    classification: a.classification as AssetSummaryDto['classification'],
    confidentiality: a.confidentiality,
    integrity: a.integrity,
    availability: a.availability,
    importance: a.importance,
    ownerUnit: r.ownerUnit as AssetSummaryDto['ownerUnit'],
    location: a.location as AssetSummaryDto['location'],
    locationInstitution: r.locInst?.id ? (r.locInst as AssetSummaryDto['ownerUnit']) : null,
    locationDetail: a.locationDetail,
    status: a.status as AssetSummaryDto['status'],
    retentionUntil: a.retentionUntil,
    updatedAt: iso(a.updatedAt),
    version: a.version,
  };
}

const toRef = (a: Pick<AssetRow, 'id' | 'refNo' | 'name' | 'kind' | 'type' | 'status'>): AssetRef => ({
  id: a.id,
  ref: formatAssetRef(a.refNo),
  name: a.name,
  kind: a.kind as AssetRef['kind'],
  type: a.type as AssetRef['type'],
  status: a.status as AssetRef['status'],
});

/** The fields recorded in the history and compared on update (the importer compares the same). */
export const TRACKED = [
  'kind',
  'type',
  'name',
  'description',
  'category',
  'classification',
  'confidentiality',
  'integrity',
  'availability',
  'importance',
  'ownerUnitId',
  'ownerPersonId',
  'custodianPersonId',
  'location',
  'locationInstitutionId',
  'locationDetail',
  'institutionId',
  'researchGroupId',
  'retentionUntil',
  'disposalMethod',
  'rtoHours',
  'rpoHours',
  'backupMethod',
  'lastRestoreTestOn',
  'note',
] as const satisfies readonly (keyof AssetRow)[];
type Tracked = (typeof TRACKED)[number];

function diff(before: Partial<Pick<AssetRow, Tracked>> | null, after: Partial<Pick<AssetRow, Tracked>>): AssetChange[] {
  const out: AssetChange[] = [];
  for (const f of TRACKED) {
    const b = before ? (before[f] ?? null) : null;
    const a = after[f] ?? null;
    if (b !== a && !(before === null && (a === null || a === ''))) out.push({ field: f, before: b, after: a });
  }
  return out;
}

/** What `create` returns: enough for the importer; the route loads the full DTO. */
export interface CreatedAsset {
  id: string;
  refNo: number;
  ref: string;
}

/**
 * The asset register. Every method starts with the authorization check; single assets out of the
 * actor's sight answer 404; every change writes the history row and the audit entry in its
 * transaction.
 */
export class AssetsService {
  constructor(private readonly ctx: AppContext) {}

  // ---- settings --------------------------------------------------------------------------------
  async ciaMax(conn: Conn = this.ctx.db): Promise<number> {
    const [row] = await conn.select({ ciaMax: assetSettings.ciaMax }).from(assetSettings).where(eq(assetSettings.id, 1));
    return row?.ciaMax ?? DEFAULT_CIA_MAX;
  }

  async settings(actor: Actor): Promise<AssetSettingsDto> {
    await this.ctx.authz.require(actor, 'asset.read');
    return { ciaMax: await this.ciaMax() };
  }

  /** Changes the C/I/A scale. Lowering it below values in use is refused (409 CONFLICT). */
  async updateSettings(actor: Actor, input: UpdateAssetSettings): Promise<AssetSettingsDto> {
    await this.ctx.authz.require(actor, 'asset.configure');
    return this.ctx.db.transaction(async (tx) => {
      const before = await this.ciaMax(tx);
      const [used] = await tx.select({ m: sql<number | null>`max(greatest(${assets.confidentiality}, ${assets.integrity}, ${assets.availability}))` }).from(assets);
      if (used?.m != null && Number(used.m) > input.ciaMax) throw new ConflictError('CONFLICT', `Assets use values up to ${used.m}.`, { maxInUse: Number(used.m) });
      await tx
        .insert(assetSettings)
        .values({ id: 1, ciaMax: input.ciaMax, updatedAt: this.ctx.clock.now() })
        .onConflictDoUpdate({ target: assetSettings.id, set: { ciaMax: input.ciaMax, updatedAt: this.ctx.clock.now() } });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'asset.settings_changed', targetType: 'asset_settings', targetId: '1', details: { ciaMax: { before, after: input.ciaMax } } });
      return { ciaMax: input.ciaMax };
    });
  }

  // ---- create ----------------------------------------------------------------------------------
  /**
   * Registers an asset. With `tx` it writes in that transaction (the importer registers a whole
   * file in one); without, in its own.
   *
   * Inside a caller's transaction a refusal is thrown (ForbiddenError) without its own audit
   * entry: that entry would need a second transaction, which on PGlite's one connection would wait
   * forever for the first. A caller passing `tx` checks `asset.manage` for the owner units (with
   * `authz.require`, so refusals are audited) before it opens its transaction.
   */
  async create(actor: Actor, input: CreateAsset, tx?: Conn): Promise<CreatedAsset> {
    if (!tx) await this.ctx.authz.require(actor, 'asset.manage', { unitId: input.ownerUnitId });
    else if (!this.ctx.authz.can(actor, 'asset.manage', { unitId: input.ownerUnitId })) throw new ForbiddenError('asset.manage');
    const run = async (conn: Conn) => {
      const values = this.normalize(input);
      await this.check(conn, actor, values, await this.ciaMax(conn));
      const studyIds = [...new Set(input.studyIds ?? [])];
      const lawIds = [...new Set(input.lawIds ?? [])];
      await this.checkLinks(conn, studyIds, lawIds);
      if (input.parentId) await this.visibleActive(conn, actor, input.parentId, 'parentId');
      const now = this.ctx.clock.now();
      const [row] = await conn
        .insert(assets)
        .values({ ...values, parentId: input.parentId ?? null, status: 'active', version: 1, createdBy: actor.personId, createdAt: now, updatedAt: now })
        .returning({ id: assets.id, refNo: assets.refNo });
      const id = row!.id;
      if (studyIds.length) await conn.insert(assetStudies).values(studyIds.map((studyId) => ({ assetId: id, studyId, createdAt: now })));
      if (lawIds.length) await conn.insert(assetLaws).values(lawIds.map((lawId) => ({ assetId: id, lawId, createdAt: now })));
      const changes = diff(null, values);
      if (input.parentId) changes.push({ field: 'parentId', before: null, after: input.parentId });
      if (studyIds.length) changes.push({ field: 'studyIds', before: null, after: studyIds });
      if (lawIds.length) changes.push({ field: 'lawIds', before: null, after: lawIds });
      await this.record(conn, actor, id, 'created', 1, changes);
      await appendAudit(conn, this.ctx.clock, actor, {
        action: 'asset.created',
        targetType: 'asset',
        targetId: id,
        details: { ref: formatAssetRef(row!.refNo), name: values.name, category: values.category, classification: values.classification },
      });
      return { id, refNo: row!.refNo, ref: formatAssetRef(row!.refNo) };
    };
    return tx ? run(tx) : this.ctx.db.transaction(run);
  }

  /** The row values of a create (defaults applied, importance computed). */
  private normalize(input: CreateAsset): Omit<NewAsset, 'id' | 'refNo'> & Pick<AssetRow, Tracked> {
    const nul = <T>(v: T | undefined | null) => (v === undefined || v === '' ? null : v);
    return {
      kind: input.kind,
      type: input.type,
      name: input.name,
      description: input.description ?? '',
      category: input.category,
      classification: input.classification,
      confidentiality: input.confidentiality,
      integrity: input.integrity,
      availability: input.availability,
      importance: importanceOf(input.confidentiality, input.integrity, input.availability),
      ownerUnitId: input.ownerUnitId,
      ownerPersonId: nul(input.ownerPersonId),
      custodianPersonId: nul(input.custodianPersonId),
      location: input.location,
      locationInstitutionId: input.location === 'institution' ? nul(input.locationInstitutionId) : null,
      locationDetail: nul(input.locationDetail),
      // the access scope defaults to the institution the asset is at
      institutionId: nul(input.institutionId) ?? (input.location === 'institution' ? nul(input.locationInstitutionId) : null),
      researchGroupId: nul(input.researchGroupId),
      retentionUntil: nul(input.retentionUntil),
      disposalMethod: nul(input.disposalMethod),
      rtoHours: nul(input.rtoHours),
      rpoHours: nul(input.rpoHours),
      backupMethod: nul(input.backupMethod),
      lastRestoreTestOn: nul(input.lastRestoreTestOn),
      note: nul(input.note),
    };
  }

  /** The consistency rules and the references' existence. */
  private async check(conn: Conn, _actor: Actor, v: Pick<AssetRow, Tracked>, ciaMax: number): Promise<void> {
    const issues = assetIssues(
      {
        kind: v.kind as AssetDto['kind'],
        type: v.type as AssetDto['type'],
        category: v.category as AssetDto['category'],
        classification: v.classification as AssetDto['classification'],
        confidentiality: v.confidentiality,
        integrity: v.integrity,
        availability: v.availability,
        location: v.location as AssetDto['location'],
        locationInstitutionId: v.locationInstitutionId,
        locationDetail: v.locationDetail,
        rtoHours: v.rtoHours,
        rpoHours: v.rpoHours,
        backupMethod: v.backupMethod,
        lastRestoreTestOn: v.lastRestoreTestOn,
      },
      ciaMax,
    );
    const cls = issues.find((i) => i.reason === 'classification_inconsistent');
    if (cls) throw new AppError(422, 'CLASSIFICATION_INCONSISTENT', 'The classification does not fit the category.', [{ path: cls.path, message: cls.message }]);
    const problems: { path: string; message: string }[] = issues.map((i) => ({ path: i.path, message: i.message }));
    const exists = async (table: typeof units | typeof institutions | typeof researchGroups | typeof people, id: string | null, path: string) => {
      if (!id) return;
      const [r] = await conn.select({ active: table.active }).from(table).where(eq(table.id, id));
      if (!r || !r.active) problems.push({ path, message: 'does not exist' });
    };
    await exists(units, v.ownerUnitId, 'ownerUnitId');
    await exists(people, v.ownerPersonId, 'ownerPersonId');
    await exists(people, v.custodianPersonId, 'custodianPersonId');
    await exists(institutions, v.locationInstitutionId, 'locationInstitutionId');
    await exists(institutions, v.institutionId, 'institutionId');
    await exists(researchGroups, v.researchGroupId, 'researchGroupId');
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
  }

  private async checkLinks(conn: Conn, studyIds: string[], lawIds: string[]): Promise<void> {
    const problems: { path: string; message: string }[] = [];
    if (studyIds.length) {
      const found = new Set((await conn.select({ id: studies.id }).from(studies).where(inArray(studies.id, studyIds))).map((r) => r.id));
      studyIds.forEach((id, i) => found.has(id) || problems.push({ path: `studyIds.${i}`, message: 'does not exist' }));
    }
    if (lawIds.length) {
      const found = new Set((await conn.select({ id: laws.id }).from(laws).where(inArray(laws.id, lawIds))).map((r) => r.id));
      lawIds.forEach((id, i) => found.has(id) || problems.push({ path: `lawIds.${i}`, message: 'does not exist' }));
    }
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
  }

  /** A visible asset (404 otherwise), locked for update when `lock`. */
  async visibleRow(conn: Conn, actor: Actor, id: string, lock = false): Promise<AssetRow> {
    const q = conn.select().from(assets).where(and(eq(assets.id, id), assetScope.filter(actor)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new NotFoundError('Asset');
    return row;
  }

  /** A visible, active asset named in a field (parent): a 400 on that field otherwise. */
  private async visibleActive(conn: Conn, actor: Actor, id: string, path: string): Promise<AssetRow> {
    const [row] = await conn.select().from(assets).where(and(eq(assets.id, id), assetScope.filter(actor)));
    if (!row) throw new ValidationError('Some fields are invalid.', [{ path, message: 'does not exist' }]);
    if (row.status !== 'active') throw new AppError(409, 'ASSET_DISPOSED', 'The asset has been disposed of.', [{ path, message: 'disposed' }]);
    return row;
  }

  private async record(conn: Conn, actor: Actor, assetId: string, action: AssetChangeAction, version: number, changes: AssetChange[]) {
    await conn.insert(assetHistory).values({ assetId, at: this.ctx.clock.now(), actorPersonId: actor.personId, action, version, changes });
  }

  /**
   * The asset the actor is about to change: visible (404) and manageable (403), checked before the
   * transaction (a denial is audited in a transaction of its own, which on PGlite's single
   * connection cannot run inside another). `lockEditable` then re-reads it locked.
   */
  private async checkEditable(actor: Actor, id: string): Promise<AssetRow> {
    const row = await this.visibleRow(this.ctx.db, actor, id);
    await this.ctx.authz.require(actor, 'asset.manage', { unitId: row.ownerUnitId });
    return row;
  }

  /** The row, locked, still visible and manageable, and active (409). */
  private async lockEditable(tx: Conn, actor: Actor, id: string): Promise<AssetRow> {
    const row = await this.visibleRow(tx, actor, id, true);
    if (!this.ctx.authz.can(actor, 'asset.manage', { unitId: row.ownerUnitId })) throw new ForbiddenError('asset.manage');
    if (row.status !== 'active') throw new AppError(409, 'ASSET_DISPOSED', 'The asset has been disposed of.');
    return row;
  }

  // ---- update / dispose ------------------------------------------------------------------------
  async update(actor: Actor, id: string, input: UpdateAsset): Promise<void> {
    await this.ctx.authz.require(actor, 'asset.manage');
    await this.checkEditable(actor, id);
    // handing the asset to another unit needs the right to manage that unit's assets too
    if (input.ownerUnitId) await this.ctx.authz.require(actor, 'asset.manage', { unitId: input.ownerUnitId });
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.lockEditable(tx, actor, id);
      if (row.version !== input.version) throw new AppError(409, 'ASSET_VERSION_CONFLICT', 'Someone else changed the asset in the meantime.', { version: row.version });
      const { version: _v, ...patch } = input;
      const merged = { ...row, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as AssetRow;
      const values = this.normalize({ ...(merged as unknown as CreateAsset), studyIds: [], lawIds: [] });
      // an explicit scope is kept; a scope that followed the old location follows the new one
      if (input.institutionId === undefined && row.institutionId === row.locationInstitutionId) {
        values.institutionId = values.location === 'institution' ? values.locationInstitutionId : row.location === 'institution' ? null : row.institutionId;
      }
      await this.check(tx, actor, values, await this.ciaMax(tx));
      const changes = diff(row, values);
      if (!changes.length) return;
      const version = row.version + 1;
      await tx.update(assets).set({ ...values, version, updatedAt: this.ctx.clock.now() }).where(eq(assets.id, id));
      await this.record(tx, actor, id, 'updated', version, changes);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'asset.updated', targetType: 'asset', targetId: id, details: { ref: formatAssetRef(row.refNo), fields: changes.map((c) => c.field) } });
    });
  }

  /** Records the disposal (who, when, how, the certificate); the asset stays in the register as disposed. */
  async dispose(actor: Actor, id: string, input: DisposeAsset): Promise<void> {
    await this.ctx.authz.require(actor, 'asset.manage');
    await this.checkEditable(actor, id);
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.lockEditable(tx, actor, id);
      if (row.version !== input.version) throw new AppError(409, 'ASSET_VERSION_CONFLICT', 'Someone else changed the asset in the meantime.', { version: row.version });
      const now = this.ctx.clock.now();
      const version = row.version + 1;
      const set = {
        status: 'disposed',
        disposedOn: input.disposedOn,
        disposalMethod: input.method,
        disposalPerformedBy: input.performedBy || null,
        disposalCertificateNote: input.certificateNote || null,
        disposalRecordedBy: actor.personId,
        disposalRecordedAt: now,
      };
      await tx
        .update(assets)
        .set({ ...set, version, updatedAt: now })
        .where(eq(assets.id, id));
      const changes: AssetChange[] = [
        { field: 'status', before: row.status, after: 'disposed' },
        { field: 'disposedOn', before: null, after: input.disposedOn },
        { field: 'disposalMethod', before: row.disposalMethod, after: input.method },
        ...(set.disposalPerformedBy ? [{ field: 'disposalPerformedBy', before: null, after: set.disposalPerformedBy }] : []),
        ...(set.disposalCertificateNote ? [{ field: 'disposalCertificateNote', before: null, after: set.disposalCertificateNote }] : []),
      ];
      await this.record(tx, actor, id, 'disposed', version, changes);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'asset.disposed', targetType: 'asset', targetId: id, details: { ref: formatAssetRef(row.refNo), disposedOn: input.disposedOn, method: input.method } });
    });
  }

  // ---- links -----------------------------------------------------------------------------------
  async linkLaw(actor: Actor, id: string, lawId: string, link: boolean): Promise<void> {
    await this.link(actor, id, 'law', lawId, link);
  }
  async linkStudy(actor: Actor, id: string, studyId: string, link: boolean): Promise<void> {
    await this.link(actor, id, 'study', studyId, link);
  }

  private async link(actor: Actor, id: string, what: 'law' | 'study', otherId: string, link: boolean): Promise<void> {
    await this.ctx.authz.require(actor, 'asset.manage');
    await this.checkEditable(actor, id);
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.lockEditable(tx, actor, id);
      const table = what === 'law' ? assetLaws : assetStudies;
      const col = what === 'law' ? assetLaws.lawId : assetStudies.studyId;
      if (link) {
        await this.checkLinks(tx, what === 'study' ? [otherId] : [], what === 'law' ? [otherId] : []).catch(() => {
          throw new NotFoundError(what === 'law' ? 'Law' : 'Study');
        });
        const inserted = await tx
          .insert(table)
          .values({ assetId: id, [what === 'law' ? 'lawId' : 'studyId']: otherId, createdAt: this.ctx.clock.now() } as typeof assetLaws.$inferInsert & typeof assetStudies.$inferInsert)
          .onConflictDoNothing()
          .returning({ assetId: table.assetId });
        if (!inserted.length) return;
      } else {
        const removed = await tx
          .delete(table)
          .where(and(eq(table.assetId, id), eq(col, otherId)))
          .returning({ assetId: table.assetId });
        if (!removed.length) return;
      }
      const field = what === 'law' ? 'lawIds' : 'studyIds';
      await this.record(tx, actor, id, link ? 'linked' : 'unlinked', row.version, [{ field, before: link ? null : otherId, after: link ? otherId : null }]);
      await appendAudit(tx, this.ctx.clock, actor, { action: link ? 'asset.linked' : 'asset.unlinked', targetType: 'asset', targetId: id, details: { ref: formatAssetRef(row.refNo), [what]: otherId } });
    });
  }

  /** Sets or clears the parent (a system holding a data set). A parent inside the asset's own subtree is refused (422 ASSET_CYCLE). */
  async setParent(actor: Actor, id: string, parentId: string | null): Promise<void> {
    await this.ctx.authz.require(actor, 'asset.manage');
    await this.checkEditable(actor, id);
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.lockEditable(tx, actor, id);
      if (row.parentId === parentId) return;
      if (parentId) {
        await this.visibleActive(tx, actor, parentId, 'parentId');
        // walk up from the new parent: meeting the asset itself would close a loop
        const [cycle] = await tx.execute<{ hit: boolean }>(sql`
          with recursive up(id, parent_id, depth) as (
            select id, parent_id, 0 from assets where id = ${parentId}
            union all
            select a.id, a.parent_id, up.depth + 1 from assets a join up on a.id = up.parent_id where up.depth < 1000
          ) select exists(select 1 from up where id = ${id}) as hit`).then((r) => (r as unknown as { rows: { hit: boolean }[] }).rows);
        if (cycle?.hit) throw new AppError(422, 'ASSET_CYCLE', 'An asset cannot be held by itself or by one of the assets it holds.', [{ path: 'parentId', message: 'would make a cycle' }]);
      }
      await tx.update(assets).set({ parentId, updatedAt: this.ctx.clock.now() }).where(eq(assets.id, id));
      await this.record(tx, actor, id, parentId ? 'linked' : 'unlinked', row.version, [{ field: 'parentId', before: row.parentId, after: parentId }]);
      await appendAudit(tx, this.ctx.clock, actor, { action: parentId ? 'asset.linked' : 'asset.unlinked', targetType: 'asset', targetId: id, details: { ref: formatAssetRef(row.refNo), parent: parentId ?? row.parentId } });
    });
  }

  // ---- read ------------------------------------------------------------------------------------
  /** One asset. Reading a confidential asset is audited (`asset.viewed`, P32-1.2.1). */
  async get(actor: Actor, id: string): Promise<AssetDto> {
    await this.ctx.authz.require(actor, 'asset.read');
    return this.ctx.db.transaction(async (tx) => {
      const dto = await this.load(tx, actor, id);
      if (dto.classification === 'confidential')
        await appendAudit(tx, this.ctx.clock, actor, { action: 'asset.viewed', targetType: 'asset', targetId: id, details: { ref: dto.ref, category: dto.category } });
      return dto;
    });
  }

  /** The full DTO of a visible asset (no audit: the caller decides). */
  async load(conn: Conn, actor: Actor, id: string): Promise<AssetDto> {
    const [r] = await conn
      .select({
        ...summaryColumns,
        ownerP: personRef(ownerP),
        custP: personRef(custP),
        recP: personRef(recP),
        scopeInst: orgRef(scopeInst),
        group: orgRef(researchGroups),
        parent: { id: parentA.id, refNo: parentA.refNo, name: parentA.name, kind: parentA.kind, type: parentA.type, status: parentA.status },
      })
      .from(assets)
      .innerJoin(ownerUnit, eq(ownerUnit.id, assets.ownerUnitId))
      .leftJoin(locInst, eq(locInst.id, assets.locationInstitutionId))
      .leftJoin(scopeInst, eq(scopeInst.id, assets.institutionId))
      .leftJoin(researchGroups, eq(researchGroups.id, assets.researchGroupId))
      .leftJoin(ownerP, eq(ownerP.id, assets.ownerPersonId))
      .leftJoin(custP, eq(custP.id, assets.custodianPersonId))
      .leftJoin(recP, eq(recP.id, assets.disposalRecordedBy))
      .leftJoin(parentA, eq(parentA.id, assets.parentId))
      .where(and(eq(assets.id, id), assetScope.filter(actor)));
    if (!r) throw new NotFoundError('Asset');
    const a = r.a;
    const vis = assetScope.filter(actor);
    const [children, studyRows, lawRows] = await Promise.all([
      conn
        .select({ id: assets.id, refNo: assets.refNo, name: assets.name, kind: assets.kind, type: assets.type, status: assets.status })
        .from(assets)
        .where(and(eq(assets.parentId, id), vis))
        .orderBy(asc(assets.refNo))
        .limit(500),
      conn
        .select({ id: studies.id, code: studies.code, titleJa: studies.titleJa, titleEn: studies.titleEn })
        .from(assetStudies)
        .innerJoin(studies, eq(studies.id, assetStudies.studyId))
        .where(eq(assetStudies.assetId, id))
        .orderBy(asc(studies.code)),
      conn
        .select({ id: laws.id, titleJa: laws.titleJa, titleEn: laws.titleEn })
        .from(assetLaws)
        .innerJoin(laws, eq(laws.id, assetLaws.lawId))
        .where(eq(assetLaws.assetId, id))
        .orderBy(asc(laws.titleJa)),
    ]);
    // the parent is named only when the reader may see it
    let parent: AssetRef | null = null;
    if (r.parent?.id) {
      const [seen] = await conn.select({ id: assets.id }).from(assets).where(and(eq(assets.id, r.parent.id), vis));
      if (seen) parent = toRef(r.parent as AssetRow);
    }
    return {
      ...toSummary(r as SummaryRow),
      description: a.description,
      ownerPerson: refOrNull(r.ownerP),
      custodian: refOrNull(r.custP),
      institution: refOrNull(r.scopeInst) as AssetDto['institution'],
      researchGroup: refOrNull(r.group) as AssetDto['researchGroup'],
      disposalMethod: a.disposalMethod as AssetDto['disposalMethod'],
      rtoHours: a.rtoHours,
      rpoHours: a.rpoHours,
      backupMethod: a.backupMethod,
      lastRestoreTestOn: a.lastRestoreTestOn,
      note: a.note,
      disposal:
        a.status === 'disposed' && a.disposedOn
          ? {
              disposedOn: a.disposedOn,
              method: (a.disposalMethod ?? 'other') as NonNullable<AssetDto['disposal']>['method'],
              performedBy: a.disposalPerformedBy,
              certificateNote: a.disposalCertificateNote,
              recordedBy: refOrNull(r.recP),
              recordedAt: iso(a.disposalRecordedAt ?? a.updatedAt),
            }
          : null,
      parent,
      children: children.map((c) => toRef(c as AssetRow)),
      studies: studyRows,
      laws: lawRows,
      createdAt: iso(a.createdAt),
      canManage: this.ctx.authz.can(actor, 'asset.manage', { unitId: a.ownerUnitId }),
    } as AssetDto;
  }

  /** The list: server-side filters, text search, sort, pagination, limited to what the actor may see. */
  async list(actor: Actor, q: ListAssetsQuery): Promise<AssetPage> {
    await this.ctx.authz.require(actor, 'asset.read');
    const { page, total } = this.listQueries(actor, q);
    const [rows, [n]] = await Promise.all([page, total]);
    return { items: (await this.withRefs(rows)).map(toSummary), total: Number(n?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  /**
   * The two queries of a list page (rows and total), unexecuted: the benchmark runs their SQL
   * through the driver. The page reads the assets table alone (sorted, limited); the few units and
   * institutions it names are looked up afterwards, so the planner never joins before the limit.
   */
  listQueries(actor: Actor, q: ListAssetsQuery) {
    const where = and(assetScope.filter(actor), assetFilterCondition(q, this.today()));
    const page = this.ctx.db
      .select(assetColumns)
      .from(assets)
      .where(where)
      .orderBy(...assetOrder(q.sort, q.dir))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    const total = this.ctx.db.select({ n: count() }).from(assets).where(where);
    return { page, total };
  }

  /** Adds the owner unit and the location's institution to rows of the assets table. */
  private async withRefs(rows: AssetCore[]): Promise<SummaryRow[]> {
    if (!rows.length) return [];
    const unitIds = [...new Set(rows.map((r) => r.ownerUnitId))];
    const instIds = [...new Set(rows.map((r) => r.locationInstitutionId).filter((x): x is string => !!x))];
    const [us, is] = await Promise.all([
      this.ctx.db.select({ id: units.id, code: units.code, nameJa: units.nameJa, nameEn: units.nameEn }).from(units).where(inArray(units.id, unitIds)),
      instIds.length
        ? this.ctx.db.select({ id: institutions.id, code: institutions.code, nameJa: institutions.nameJa, nameEn: institutions.nameEn }).from(institutions).where(inArray(institutions.id, instIds))
        : Promise.resolve([]),
    ]);
    const u = new Map(us.map((x) => [x.id, x]));
    const i = new Map(is.map((x) => [x.id, x]));
    return rows.map((a) => ({ a, ownerUnit: u.get(a.ownerUnitId)!, locInst: a.locationInstitutionId ? (i.get(a.locationInstitutionId) ?? null) : null }));
  }

  /** How many assets match the filters among those the actor may see. */
  async count(actor: Actor, f: Partial<AssetFilters>): Promise<number> {
    await this.ctx.authz.require(actor, 'asset.read');
    const [r] = await this.ctx.db.select({ n: count() }).from(assets).where(and(assetScope.filter(actor), assetFilterCondition(f, this.today())));
    return Number(r?.n ?? 0);
  }

  /** Every matching row, in batches (the export). */
  async *rows(actor: Actor, f: Partial<AssetFilters> & { sort: AssetSort; dir: 'asc' | 'desc' }, lang: 'ja' | 'en' = 'ja', batch = 1000): AsyncGenerator<AssetSummaryDto & { description: string; ownerPersonName: string | null; note: string | null }> {
    const where = and(assetScope.filter(actor), assetFilterCondition(f, this.today()));
    for (let offset = 0; ; offset += batch) {
      const rows = await this.ctx.db
        .select(assetColumns)
        .from(assets)
        .where(where)
        .orderBy(...assetOrder(f.sort, f.dir))
        .limit(batch)
        .offset(offset);
      const ownerIds = [...new Set(rows.map((r) => r.ownerPersonId).filter((x): x is string => !!x))];
      const owners = new Map(
        ownerIds.length ? (await this.ctx.db.select({ id: people.id, name: lang === 'ja' ? nameJa(people) : nameEn(people) }).from(people).where(inArray(people.id, ownerIds))).map((p) => [p.id, p.name]) : [],
      );
      for (const r of await this.withRefs(rows)) yield { ...toSummary(r), description: r.a.description, note: r.a.note, ownerPersonName: r.a.ownerPersonId ? (owners.get(r.a.ownerPersonId) ?? null) : null };
      if (rows.length < batch) return;
    }
  }

  async history(actor: Actor, id: string): Promise<AssetHistoryEntryDto[]> {
    await this.ctx.authz.require(actor, 'asset.read');
    await this.visibleRow(this.ctx.db, actor, id);
    const rows = await this.ctx.db
      .select({ h: assetHistory, actor: personRef(people) })
      .from(assetHistory)
      .leftJoin(people, eq(people.id, assetHistory.actorPersonId))
      .where(eq(assetHistory.assetId, id))
      .orderBy(desc(assetHistory.at), desc(assetHistory.version));
    return rows.map((r) => ({
      id: r.h.id,
      at: iso(r.h.at),
      action: r.h.action as AssetChangeAction,
      actor: refOrNull(r.actor),
      version: r.h.version,
      changes: r.h.changes as AssetChange[],
    }));
  }

  /** Counts of the active assets the actor may see. */
  async dashboard(actor: Actor): Promise<AssetDashboardDto> {
    await this.ctx.authz.require(actor, 'asset.read');
    const where = and(assetScope.filter(actor), eq(assets.status, 'active'));
    const rows = await this.ctx.db
      .select({ kind: assets.kind, category: assets.category, classification: assets.classification, importance: assets.importance, n: count() })
      .from(assets)
      .where(where)
      .groupBy(assets.kind, assets.category, assets.classification, assets.importance);
    const [overdue] = await this.ctx.db
      .select({ n: count() })
      .from(assets)
      .where(and(where, lte(assets.retentionUntil, this.today())));
    const sum = (key: (r: (typeof rows)[number]) => string) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + Number(r.n));
      return [...m].map(([k, n]) => ({ key: k, count: n })).sort((a, b) => a.key.localeCompare(b.key));
    };
    const ci = new Map<string, { classification: AssetDashboardDto['byClassificationImportance'][number]['classification']; importance: number; count: number }>();
    for (const r of rows) {
      const k = `${r.classification}:${r.importance}`;
      const e = ci.get(k) ?? { classification: r.classification as 'confidential', importance: r.importance, count: 0 };
      e.count += Number(r.n);
      ci.set(k, e);
    }
    return {
      total: rows.reduce((s, r) => s + Number(r.n), 0),
      byKind: sum((r) => r.kind),
      byCategory: sum((r) => r.category),
      byClassification: sum((r) => r.classification),
      byImportance: sum((r) => String(r.importance)),
      byClassificationImportance: [...ci.values()],
      retentionOverdue: Number(overdue?.n ?? 0),
      ciaMax: await this.ciaMax(),
    };
  }

  // ---- saved views -----------------------------------------------------------------------------
  async views(actor: Actor): Promise<SavedViewDto[]> {
    await this.ctx.authz.require(actor, 'asset.read');
    const rows = await this.ctx.db
      .select()
      .from(assetSavedViews)
      .where(eq(assetSavedViews.personId, actor.personId ?? '00000000-0000-0000-0000-000000000000'))
      .orderBy(asc(assetSavedViews.name));
    return rows.map((r) => ({ id: r.id, name: r.name, query: r.query as Record<string, string>, createdAt: iso(r.createdAt) }));
  }

  /** Saves a named view; a view of the same name is replaced. */
  async saveView(actor: Actor, input: CreateSavedView): Promise<SavedViewDto> {
    await this.ctx.authz.require(actor, 'asset.read');
    if (!actor.personId) throw new NotFoundError('Person');
    const now = this.ctx.clock.now();
    const [r] = await this.ctx.db
      .insert(assetSavedViews)
      .values({ personId: actor.personId, name: input.name, query: input.query, createdAt: now })
      .onConflictDoUpdate({ target: [assetSavedViews.personId, assetSavedViews.name], set: { query: input.query, createdAt: now } })
      .returning();
    return { id: r!.id, name: r!.name, query: r!.query as Record<string, string>, createdAt: iso(r!.createdAt) };
  }

  async deleteView(actor: Actor, id: string): Promise<void> {
    await this.ctx.authz.require(actor, 'asset.read');
    const gone = await this.ctx.db
      .delete(assetSavedViews)
      .where(and(eq(assetSavedViews.id, id), eq(assetSavedViews.personId, actor.personId ?? '00000000-0000-0000-0000-000000000000')))
      .returning({ id: assetSavedViews.id });
    if (!gone.length) throw new NotFoundError('Saved view');
  }

  /** Today in Japan (retention dates are calendar days there). */
  today(): string {
    return new Date(this.ctx.clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
  }
}
