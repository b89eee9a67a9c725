import { createHash } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import {
  currentCycle,
  percentOf,
  type BreakdownRow,
  type CoverageBreakdown,
  type CoverageCounts,
  type CoverageDimension,
  type CoverageExportQuery,
  type CoverageItem,
  type CoveragePeoplePage,
  type CoveragePeopleQuery,
  type CoveragePerson,
  type CoverageStatus,
  type CoverageSummary,
  type EducationReportQuery,
} from '../../../shared/coverage.js';
import { ROLES, type Role } from '../../../shared/roles.js';
import type { Actor } from '../../authz/actor.js';
import { coordinates } from '../../authz/policy.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { institutions, researchGroups, units } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { tokyoToday } from '../../calendar.js';
import { breakdownFileName, breakdownTable, peopleFileName, peopleTable, type CoverageFile } from './coverage.export.js';
import { coveragePdf, coveragePeoplePdf, educationReportPdf } from './coverage.report.js';
import { ROLE_LABEL } from '../reviews/public.js';
import { breakdownQuery, peopleQueries, summaryQueries, type CoverageTarget } from './coverage.sql.js';
import { REPORT_WORDS } from './coverage.words.js';
import { educationReportData } from './education-report.js';

/** Central staff see the whole organization; a site coordinator only the institutions they coordinate. */
const CENTRAL: readonly Role[] = ['security_manager', 'data_center_staff', 'operations_office_staff'];

/** The institutions the actor's numbers are limited to (null = all). Call after authorizing. */
export function coverageScope(actor: Actor): string[] | null {
  if (actor.kind === 'system' || actor.roles.some((r) => CENTRAL.includes(r.role))) return null;
  return [...new Set(coordinates(actor))];
}

export interface ItemRef {
  item: Omit<CoverageItem, 'counts'>;
  target: CoverageTarget;
}

type CountRow = { k: string | null; assigned: number; done: number; overdue: number };
export const toCounts = (r: Pick<CountRow, 'assigned' | 'done' | 'overdue'> | undefined): CoverageCounts => {
  const assigned = Number(r?.assigned ?? 0);
  const done = Number(r?.done ?? 0);
  return { assigned, done, pending: assigned - done, overdue: Number(r?.overdue ?? 0), percentage: percentOf(done, assigned) };
};

const iso = (v: unknown): string | null => (v == null ? null : (v instanceof Date ? v : new Date(String(v))).toISOString());

/**
 * The current items: each document's published, not superseded version when the document
 * requires acknowledgment (historical versions are never assigned), and each published course's
 * current cycle.
 */
export async function currentItems(conn: Conn, today: string): Promise<ItemRef[]> {
  const docs = await queryRows<{ id: string; code: string; title_ja: string; title_en: string; version_id: string; version: string }>(
    conn,
    sql`select d.id::text as id, d.code, d.title_ja, d.title_en, v.id::text as version_id, v.version
        from documents d join document_versions v on v.document_id = d.id
        where d.requires_ack and d.retired_at is null and v.status = 'published' and v.superseded_at is null and not v.historical
        order by d.code, v.published_at desc`,
  );
  const courses = await queryRows<{ id: string; code: string; title_ja: string; title_en: string; recurrence: string }>(
    conn,
    sql`select c.id::text as id, c.code, c.title_ja, c.title_en, c.recurrence from courses c where c.status = 'published' order by c.code`,
  );
  const seen = new Set<string>();
  const out: ItemRef[] = [];
  for (const d of docs) {
    if (seen.has(d.id)) continue; // one current version per document
    seen.add(d.id);
    out.push({
      item: { key: `doc:${d.id}`, kind: 'document', id: d.id, code: d.code, titleJa: d.title_ja, titleEn: d.title_en, version: d.version, versionId: d.version_id },
      target: { kind: 'document', versionId: d.version_id },
    });
  }
  for (const c of courses) {
    const cycle = currentCycle(c.recurrence, today);
    out.push({ item: { key: `course:${c.id}`, kind: 'course', id: c.id, code: c.code, titleJa: c.title_ja, titleEn: c.title_en, version: cycle, versionId: null }, target: { kind: 'course', courseId: c.id, cycle } });
  }
  return out;
}

export interface GroupName {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** Names of the groups a breakdown returned. */
async function groupNames(conn: Conn, by: CoverageDimension, ids: string[]): Promise<Map<string, GroupName>> {
  const wanted = ids.filter(Boolean);
  if (by === 'role') return new Map(ROLES.map((r) => [r, { code: r, nameJa: ROLE_LABEL.ja[r], nameEn: ROLE_LABEL.en[r] }]));
  if (!wanted.length) return new Map();
  const table = by === 'institution' ? institutions : by === 'research_group' ? researchGroups : units;
  const rows = await conn.select({ id: table.id, code: table.code, nameJa: table.nameJa, nameEn: table.nameEn }).from(table).where(inArray(table.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

export class CoverageService {
  constructor(private readonly ctx: AppContext) {}

  private today = () => tokyoToday(this.ctx.clock.now());

  /** Every current item with its numbers. */
  async summary(actor: Actor): Promise<CoverageSummary> {
    await this.ctx.authz.require(actor, 'coverage.read');
    const scope = coverageScope(actor);
    const today = this.today();
    const refs = await currentItems(this.ctx.db, today);
    const q = summaryQueries(
      refs.map((r) => r.target),
      today,
      scope,
    );
    const [docRows, courseRows] = await Promise.all([q.documents ? queryRows<CountRow>(this.ctx.db, q.documents) : [], q.courses ? queryRows<CountRow>(this.ctx.db, q.courses) : []]);
    const byKey = new Map<string, CountRow>();
    for (const r of docRows) byKey.set(`doc:${r.k}`, r);
    for (const r of courseRows) byKey.set(`course:${r.k}`, r);
    return {
      today,
      institutionIds: scope,
      items: refs.map((r) => ({ ...r.item, counts: toCounts(byKey.get(r.target.kind === 'document' ? `doc:${r.target.versionId}` : `course:${r.item.id}`)) })),
    };
  }

  /** One current item by its key, with its total numbers (404 when it is not a current item). */
  async item(key: string, scope: string[] | null, today: string): Promise<{ ref: ItemRef; item: CoverageItem }> {
    const ref = (await currentItems(this.ctx.db, today)).find((r) => r.item.key === key.toLowerCase());
    if (!ref) throw new NotFoundError('Coverage item');
    const q = summaryQueries([ref.target], today, scope);
    const [row] = await queryRows<CountRow>(this.ctx.db, (q.documents ?? q.courses)!);
    return { ref, item: { ...ref.item, counts: toCounts(row) } };
  }

  async breakdown(actor: Actor, key: string, by: CoverageDimension): Promise<CoverageBreakdown> {
    await this.ctx.authz.require(actor, 'coverage.read');
    const scope = coverageScope(actor);
    const today = this.today();
    const { ref, item } = await this.item(key, scope, today);
    return { item, by, rows: await this.breakdownRows(ref.target, by, today, scope), institutionIds: scope };
  }

  async breakdownRows(target: CoverageTarget, by: CoverageDimension, today: string, scope: string[] | null): Promise<BreakdownRow[]> {
    const rows = await queryRows<CountRow>(this.ctx.db, breakdownQuery(target, by, today, scope));
    const names = await groupNames(
      this.ctx.db,
      by,
      rows.map((r) => r.k).filter((k): k is string => !!k),
    );
    return rows
      .map((r) => {
        const n = r.k ? names.get(r.k) : undefined;
        return { id: r.k, code: n?.code ?? '', nameJa: n?.nameJa ?? (r.k ? r.k : '（なし）'), nameEn: n?.nameEn ?? (r.k ? r.k : '(none)'), counts: toCounts(r) };
      })
      .sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : a.counts.percentage - b.counts.percentage || a.code.localeCompare(b.code)));
  }

  /**
   * The drill-down to names. A site coordinator sees the people of their own institution(s); an
   * institution filter outside them is refused (403, audited as a denial).
   */
  async people(actor: Actor, q: CoveragePeopleQuery): Promise<CoveragePeoplePage> {
    await this.ctx.authz.require(actor, 'coverage.people', q.institutionId ? { institutionIds: [q.institutionId] } : undefined);
    const scope = coverageScope(actor);
    const today = this.today();
    const { ref } = await this.item(q.item, scope, today);
    const queries = peopleQueries(ref.target, q, today, scope, q.page, q.pageSize);
    const [rows, [total]] = await Promise.all([queryRows<PersonRow>(this.ctx.db, queries.page), queryRows<{ n: number }>(this.ctx.db, queries.total)]);
    return { items: await this.withInstitutions(rows, today), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  async withInstitutions(rows: PersonRow[], today: string): Promise<CoveragePerson[]> {
    const ids = rows.map((r) => r.id);
    const inst = ids.length
      ? await queryRows<{ person_id: string; id: string; name_ja: string; name_en: string }>(
          this.ctx.db,
          sql`select pi.person_id::text as person_id, i.id::text as id, i.name_ja, i.name_en from person_institutions pi join institutions i on i.id = pi.institution_id
              where pi.person_id = any(array[${sql.join(
                ids.map((i) => sql`${i}`),
                sql`, `,
              )}]::uuid[]) order by i.code`,
        )
      : [];
    return rows.map((r) => {
      const doneAt = iso(r.done_at);
      const status: CoverageStatus = doneAt ? 'done' : r.due_on < today ? 'overdue' : 'pending';
      return {
        personId: r.id,
        nameJa: `${r.fj} ${r.gj}`.trim(),
        nameEn: `${r.ge} ${r.fe}`.trim(),
        email: r.email,
        institutions: inst.filter((i) => i.person_id === r.id).map((i) => ({ id: i.id, nameJa: i.name_ja, nameEn: i.name_en })),
        status,
        dueOn: r.due_on,
        doneAt,
      };
    });
  }

  /** Prepares an export after authorizing it; the caller writes the file and then calls `audited`. */
  async exportData(actor: Actor, q: { item: string; by: CoverageDimension }) {
    await this.ctx.authz.require(actor, 'coverage.export');
    const scope = coverageScope(actor);
    const today = this.today();
    const { ref, item } = await this.item(q.item, scope, today);
    const rows = await this.breakdownRows(ref.target, q.by, today, scope);
    const scopeNames = scope ? (await groupNames(this.ctx.db, 'institution', scope)) : null;
    return { item, rows, today, scope, scopeNames: scopeNames ? [...scopeNames.values()] : null, now: this.ctx.clock.now() };
  }

  /** Every person of the item (the export "by person"): needs the drill-down permission. */
  async exportPeople(actor: Actor, key: string): Promise<{ item: CoverageItem; people: CoveragePerson[]; now: Date }> {
    await this.ctx.authz.require(actor, 'coverage.people');
    await this.ctx.authz.require(actor, 'coverage.export');
    const scope = coverageScope(actor);
    const today = this.today();
    const { ref, item } = await this.item(key, scope, today);
    const rows = await queryRows<PersonRow>(this.ctx.db, peopleQueries(ref.target, {}, today, scope, 1, 1).all);
    return { item, people: await this.withInstitutions(rows, today), now: this.ctx.clock.now() };
  }

  /**
   * An export of one item: its breakdown by a dimension, or (`by: people`) every person with their
   * state, as CSV, XLSX or PDF. Audited: a PDF with its hash once written, a table before it streams.
   */
  async exportFile(actor: Actor, q: CoverageExportQuery): Promise<CoverageFile> {
    return q.by === 'people' ? this.peopleFile(actor, q) : this.breakdownFile(actor, q, q.by);
  }

  private async peopleFile(actor: Actor, q: CoverageExportQuery): Promise<CoverageFile> {
    const { item, people, now } = await this.exportPeople(actor, q.item);
    const fileName = peopleFileName(q.lang, item, now);
    const details = { item: q.item, by: q.by, format: q.format, lang: q.lang, rows: people.length };
    if (q.format === 'pdf') {
      const body = await coveragePeoplePdf({ item, people, lang: q.lang, now });
      await this.audited(actor, 'coverage.exported', details, body);
      return { kind: 'pdf', fileName: `${fileName}.pdf`, body };
    }
    await this.audited(actor, 'coverage.exported', details);
    return { kind: 'table', table: peopleTable(q.lang, q.format, fileName, item, people) };
  }

  private async breakdownFile(actor: Actor, q: CoverageExportQuery, by: CoverageDimension): Promise<CoverageFile> {
    const data = await this.exportData(actor, { item: q.item, by });
    const fileName = breakdownFileName(q.lang, data.item, by, data.today);
    const details = { item: q.item, by, format: q.format, lang: q.lang, rows: data.rows.length };
    if (q.format === 'pdf') {
      const scopeNames = data.scopeNames?.map((n) => (q.lang === 'ja' ? n.nameJa : n.nameEn)) ?? null;
      const body = await coveragePdf({ item: data.item, by, rows: data.rows, lang: q.lang, now: data.now, scopeNames });
      await this.audited(actor, 'coverage.exported', details, body);
      return { kind: 'pdf', fileName: `${fileName}.pdf`, body };
    }
    await this.audited(actor, 'coverage.exported', details);
    return { kind: 'table', table: breakdownTable(q.lang, q.format, fileName, data.item, by, data.rows) };
  }

  /** The fiscal year's education report (PDF), audited with its hash. */
  async educationReport(actor: Actor, q: EducationReportQuery): Promise<{ kind: 'pdf'; fileName: string; body: Buffer }> {
    await this.ctx.authz.require(actor, 'education_report.export');
    const now = this.ctx.clock.now();
    const data = await educationReportData(this.ctx.db, q.fy, tokyoToday(now));
    const body = await educationReportPdf(data, q.lang, now);
    await this.audited(actor, 'education_report.exported', { fy: q.fy, lang: q.lang, items: data.items.length }, body);
    return { kind: 'pdf', fileName: `${REPORT_WORDS[q.lang].fileName(q.fy)}.pdf`, body };
  }

  /** Records an export in the audit log (what, how, how many rows, the file's hash when known). */
  async audited(actor: Actor, action: 'coverage.exported' | 'education_report.exported', details: Record<string, unknown>, body?: Buffer): Promise<void> {
    await this.ctx.authz.require(actor, action === 'coverage.exported' ? 'coverage.export' : 'education_report.export');
    await this.ctx.db.transaction((tx) =>
      appendAudit(tx, this.ctx.clock, actor, {
        action,
        targetType: action === 'coverage.exported' ? 'coverage' : 'education_report',
        targetId: null,
        details: { ...details, ...(body ? { sha256: createHash('sha256').update(body).digest('hex') } : {}) },
      }),
    );
  }
}

export interface PersonRow {
  id: string;
  fj: string;
  gj: string;
  fe: string;
  ge: string;
  email: string;
  due_on: string;
  done_at: unknown;
}
