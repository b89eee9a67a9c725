import type { AssetFilters, ExportAssetsQuery } from '../../../shared/assets.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { TableColumn, TableExport } from '../../export/table-export.js';
import type { AssetsService } from './assets.service.js';
import { CATEGORY_WORDS, CLASSIFICATION_WORDS, EXPORT_HEADERS, KIND_WORDS, LOCATION_WORDS, STATUS_WORDS, TYPE_WORDS } from './assets.words.js';

type Row = Record<string, unknown>;

/** The register's columns in the reader's language. */
function exportColumns(lang: 'ja' | 'en'): TableColumn[] {
  const h = (k: string) => EXPORT_HEADERS[k]![lang];
  const w = <K extends string>(words: Record<K, Record<'ja' | 'en', string>>) => (v: unknown) => words[v as K]?.[lang] ?? v;
  return [
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
}

/** The filtered register as CSV (UTF-8 with BOM) or XLSX: a separate permission, audited. */
export class AssetExportService {
  constructor(
    private readonly ctx: AppContext,
    private readonly assets: AssetsService,
  ) {}

  /** Authorizes and audits the export, and describes the table to stream (rows are read as it is written). */
  async export(actor: Actor, q: ExportAssetsQuery): Promise<TableExport> {
    await this.ctx.authz.require(actor, 'asset.export');
    const { format, lang, sort, dir, ...filters } = q;
    const total = await this.assets.count(actor, filters);
    await this.ctx.db.transaction((tx) =>
      appendAudit(tx, this.ctx.clock, actor, { action: 'asset.exported', targetType: 'asset', targetId: null, details: { format, lang, rows: total, filters: filters as Record<string, unknown> } }),
    );
    const stamp = this.assets.today();
    return {
      fileName: lang === 'ja' ? `情報資産台帳_${stamp}` : `asset-register_${stamp}`,
      format,
      columns: exportColumns(lang),
      rows: this.assets.rows(actor, { ...(filters as Partial<AssetFilters>), sort, dir }, lang) as AsyncIterable<Row>,
      sheetName: lang === 'ja' ? '情報資産台帳' : 'Asset register',
    };
  }
}
