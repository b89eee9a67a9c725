import { z } from 'zod';
import {
  AssetDashboardDto,
  AssetDto,
  AssetHistoryEntryDto,
  AssetIdParam,
  AssetLawParam,
  AssetPage,
  AssetSettingsDto,
  AssetStudyParam,
  CreateAsset,
  CreateSavedView,
  DisposeAsset,
  ExportAssetsQuery,
  ListAssetsQuery,
  SavedViewDto,
  SavedViewIdParam,
  SetAssetParent,
  UpdateAsset,
  UpdateAssetSettings,
  type AssetFilters,
} from '../../../shared/assets.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { sendTable, type TableColumn } from '../../export/table-export.js';
import type { App } from '../../http.js';
import { AssetsService } from './assets.service.js';
import { CATEGORY_WORDS, CLASSIFICATION_WORDS, EXPORT_HEADERS, KIND_WORDS, LOCATION_WORDS, STATUS_WORDS, TYPE_WORDS } from './assets.words.js';

const Empty = z.null().describe('No content');

/** The asset register: list, search, saved views, detail, changes, links, history, dashboard, export, settings. */
export function registerAssetRoutes(app: App, ctx: AppContext): void {
  const svc = new AssetsService(ctx);
  const tags = ['assets'];
  const fresh = (actor: Parameters<AssetsService['load']>[1], id: string) => svc.load(ctx.db, actor, id);

  app.get('/api/assets', { schema: { tags, querystring: ListAssetsQuery, response: { 200: AssetPage } } }, async (req) => svc.list(req.actor, req.query));
  app.post('/api/assets', { schema: { tags, body: CreateAsset, response: { 201: AssetDto } } }, async (req, reply) => {
    const { id } = await svc.create(req.actor, req.body);
    return reply.code(201).send(await fresh(req.actor, id));
  });
  app.get('/api/assets/dashboard', { schema: { tags, response: { 200: AssetDashboardDto } } }, async (req) => svc.dashboard(req.actor));
  app.get('/api/assets/settings', { schema: { tags, response: { 200: AssetSettingsDto } } }, async (req) => svc.settings(req.actor));
  app.put('/api/assets/settings', { schema: { tags, body: UpdateAssetSettings, response: { 200: AssetSettingsDto } } }, async (req) => svc.updateSettings(req.actor, req.body));

  app.get('/api/assets/views', { schema: { tags, response: { 200: z.object({ items: z.array(SavedViewDto) }) } } }, async (req) => ({ items: await svc.views(req.actor) }));
  app.post('/api/assets/views', { schema: { tags, body: CreateSavedView, response: { 201: SavedViewDto } } }, async (req, reply) => reply.code(201).send(await svc.saveView(req.actor, req.body)));
  app.delete('/api/assets/views/:id', { schema: { tags, params: SavedViewIdParam, response: { 204: Empty } } }, async (req, reply) => {
    await svc.deleteView(req.actor, req.params.id);
    return reply.code(204).send(null);
  });

  /** The filtered list as CSV (UTF-8 with BOM) or XLSX: a separate permission, audited. */
  app.get('/api/assets/export', { schema: { tags, querystring: ExportAssetsQuery, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] } }, async (req, reply) => {
    const actor = req.actor;
    await ctx.authz.require(actor, 'asset.export');
    const { format, lang, sort, dir, ...filters } = req.query;
    const total = await svc.count(actor, filters);
    await ctx.db.transaction((tx) =>
      appendAudit(tx, ctx.clock, actor, { action: 'asset.exported', targetType: 'asset', targetId: null, details: { format, lang, rows: total, filters: filters as Record<string, unknown> } }),
    );
    const h = (k: string) => EXPORT_HEADERS[k]![lang];
    const w = <K extends string>(words: Record<K, Record<'ja' | 'en', string>>) => (v: unknown) => words[v as K]?.[lang] ?? v;
    type Row = Record<string, unknown>;
    const columns: TableColumn[] = [
      { key: 'ref', header: h('ref'), type: 'text' },
      { key: 'name', header: h('name'), type: 'text' },
      { key: 'kind', header: h('kind'), value: (r: Row) => w(KIND_WORDS)(r.kind) },
      { key: 'type', header: h('type'), value: (r: Row) => w(TYPE_WORDS)(r.type) },
      { key: 'category', header: h('category'), value: (r: Row) => w(CATEGORY_WORDS)(r.category) },
      { key: 'classification', header: h('classification'), value: (r: Row) => w(CLASSIFICATION_WORDS)(r.classification) },
      { key: 'confidentiality', header: h('confidentiality'), type: 'number' },
      { key: 'integrity', header: h('integrity'), type: 'number' },
      { key: 'availability', header: h('availability'), type: 'number' },
      { key: 'importance', header: h('importance'), type: 'number' },
      { key: 'ownerUnit', header: h('ownerUnit'), value: (r: Row) => (r.ownerUnit as { nameJa: string; nameEn: string })[lang === 'ja' ? 'nameJa' : 'nameEn'] },
      { key: 'ownerPersonName', header: h('ownerPerson'), type: 'text' },
      {
        key: 'location',
        header: h('location'),
        value: (r: Row) => {
          const inst = r.locationInstitution as { nameJa: string; nameEn: string } | null;
          return inst ? inst[lang === 'ja' ? 'nameJa' : 'nameEn'] : w(LOCATION_WORDS)(r.location);
        },
      },
      { key: 'locationDetail', header: h('locationDetail'), type: 'text' },
      { key: 'status', header: h('status'), value: (r: Row) => w(STATUS_WORDS)(r.status) },
      { key: 'retentionUntil', header: h('retentionUntil'), type: 'date' },
      { key: 'description', header: h('description'), type: 'text' },
      { key: 'updatedAt', header: h('updatedAt'), type: 'datetime', value: (r: Row) => new Date(r.updatedAt as string) },
    ];
    const stamp = svc.today();
    return sendTable(reply, {
      fileName: lang === 'ja' ? `情報資産台帳_${stamp}` : `asset-register_${stamp}`,
      format,
      columns,
      rows: svc.rows(actor, { ...(filters as Partial<AssetFilters>), sort, dir }, lang) as AsyncIterable<Row>,
      sheetName: lang === 'ja' ? '情報資産台帳' : 'Asset register',
    });
  });

  app.get('/api/assets/:id', { schema: { tags, params: AssetIdParam, response: { 200: AssetDto } } }, async (req) => svc.get(req.actor, req.params.id));
  app.patch('/api/assets/:id', { schema: { tags, params: AssetIdParam, body: UpdateAsset, response: { 200: AssetDto } } }, async (req) => {
    await svc.update(req.actor, req.params.id, req.body);
    return fresh(req.actor, req.params.id);
  });
  app.post('/api/assets/:id/dispose', { schema: { tags, params: AssetIdParam, body: DisposeAsset, response: { 200: AssetDto } } }, async (req) => {
    await svc.dispose(req.actor, req.params.id, req.body);
    return fresh(req.actor, req.params.id);
  });
  app.get('/api/assets/:id/history', { schema: { tags, params: AssetIdParam, response: { 200: z.object({ items: z.array(AssetHistoryEntryDto) }) } } }, async (req) => ({
    items: await svc.history(req.actor, req.params.id),
  }));
  app.put('/api/assets/:id/parent', { schema: { tags, params: AssetIdParam, body: SetAssetParent, response: { 200: AssetDto } } }, async (req) => {
    await svc.setParent(req.actor, req.params.id, req.body.parentId);
    return fresh(req.actor, req.params.id);
  });
  app.put('/api/assets/:id/laws/:lawId', { schema: { tags, params: AssetLawParam, response: { 200: AssetDto } } }, async (req) => {
    await svc.linkLaw(req.actor, req.params.id, req.params.lawId, true);
    return fresh(req.actor, req.params.id);
  });
  app.delete('/api/assets/:id/laws/:lawId', { schema: { tags, params: AssetLawParam, response: { 200: AssetDto } } }, async (req) => {
    await svc.linkLaw(req.actor, req.params.id, req.params.lawId, false);
    return fresh(req.actor, req.params.id);
  });
  app.put('/api/assets/:id/studies/:studyId', { schema: { tags, params: AssetStudyParam, response: { 200: AssetDto } } }, async (req) => {
    await svc.linkStudy(req.actor, req.params.id, req.params.studyId, true);
    return fresh(req.actor, req.params.id);
  });
  app.delete('/api/assets/:id/studies/:studyId', { schema: { tags, params: AssetStudyParam, response: { 200: AssetDto } } }, async (req) => {
    await svc.linkStudy(req.actor, req.params.id, req.params.studyId, false);
    return fresh(req.actor, req.params.id);
  });
}
