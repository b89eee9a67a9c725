import { and, asc, count, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { CampaignDto, Counts, InstitutionProgress, ReviewItemDto, ReviewItemStatus } from '../../../shared/reviews.js';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { reviewItemScope } from '../../authz/scopes/reviews.js';
import type { Conn } from '../../db/client.js';
import { accessReviewCampaigns, accessReviewItems, institutions, people, researchGroups } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { CENTRAL } from './reviews.words.js';

/** Reading access reviews: campaigns with their progress, pages of items, and the home page's counts. */

export type CampaignRow = typeof accessReviewCampaigns.$inferSelect;
export type ItemRow = typeof accessReviewItems.$inferSelect;

/** The actor's items in open campaigns (the data center: the items it reviews itself), over items joined to their campaign. */
export function taskCondition(actor: Actor, status: ReviewItemStatus = 'open'): SQL {
  const own = can(actor, 'access_review.manage') ? eq(accessReviewItems.reviewer, 'data_center') : reviewItemScope.filter(actor);
  return and(eq(accessReviewCampaigns.status, 'open'), eq(accessReviewItems.status, status), own)!;
}

/** How many open items the "my review tasks" page lists for the actor. */
export async function countReviewTasks(conn: Conn, actor: Actor): Promise<number> {
  const [r] = await conn.select({ n: count() }).from(accessReviewItems).innerJoin(accessReviewCampaigns, eq(accessReviewCampaigns.id, accessReviewItems.campaignId)).where(taskCondition(actor));
  return Number(r?.n ?? 0);
}

/** Open campaigns past their due time that still have open items. */
export async function countOverdueCampaigns(conn: Conn, now: Date): Promise<number> {
  const [r] = await conn
    .select({ n: sql<number>`count(distinct ${accessReviewCampaigns.id})::int` })
    .from(accessReviewCampaigns)
    .innerJoin(accessReviewItems, and(eq(accessReviewItems.campaignId, accessReviewCampaigns.id), eq(accessReviewItems.status, 'open')))
    .where(and(eq(accessReviewCampaigns.status, 'open'), lt(accessReviewCampaigns.dueAt, now)));
  return Number(r?.n ?? 0);
}

/** The campaign (404 when there is none); locked for update when asked. */
export async function campaignRow(conn: Conn, id: string, lock = false): Promise<CampaignRow> {
  const q = conn.select().from(accessReviewCampaigns).where(eq(accessReviewCampaigns.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('Access review');
  return row;
}


/** A page of review items matching `where`, with their campaign, institution, group and decider. */
export async function itemPage(conn: Conn, where: SQL | undefined, q: { page: number; pageSize: number }) {
  const base = conn
    .select({ item: accessReviewItems, campaignName: accessReviewCampaigns.name, dueDate: accessReviewCampaigns.dueDate, inst: { id: institutions.id, nameJa: institutions.nameJa, nameEn: institutions.nameEn }, rg: { id: researchGroups.id, nameJa: researchGroups.nameJa, nameEn: researchGroups.nameEn } })
    .from(accessReviewItems)
    .innerJoin(accessReviewCampaigns, eq(accessReviewCampaigns.id, accessReviewItems.campaignId))
    .leftJoin(institutions, eq(institutions.id, accessReviewItems.institutionId))
    .leftJoin(researchGroups, eq(researchGroups.id, accessReviewItems.researchGroupId))
    .where(where);
  const [rows, [total]] = await Promise.all([
    base.orderBy(asc(institutions.code), asc(accessReviewItems.personNameEn), asc(accessReviewItems.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    conn.select({ n: count() }).from(accessReviewItems).innerJoin(accessReviewCampaigns, eq(accessReviewCampaigns.id, accessReviewItems.campaignId)).where(where),
  ]);
  const deciders = await personNames(conn, rows.map((r) => r.item.decidedBy));
  return {
    items: rows.map(({ item: i, campaignName, dueDate, inst, rg }) => ({
      id: i.id,
      campaignId: i.campaignId,
      campaignName,
      dueDate,
      personId: i.personId,
      personNameJa: i.personNameJa,
      personNameEn: i.personNameEn,
      personEmail: i.personEmail,
      role: i.role as Role,
      institution: inst?.id ? inst : null,
      researchGroup: rg?.id ? rg : null,
      reviewer: i.reviewer as ReviewItemDto['reviewer'],
      flagged: i.flagged,
      status: i.status as ReviewItemDto['status'],
      escalated: i.escalated,
      decidedBy: i.decidedBy ? (deciders.get(i.decidedBy) ?? null) : null,
      decidedAt: i.decidedAt?.toISOString() ?? null,
      reason: i.reason,
    })),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}


/** "Family Given / Given Family" for people ids, for showing who decided. */
export async function personNames(conn: Conn, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await conn.select().from(people).where(inArray(people.id, wanted));
  return new Map(rows.map((p) => [p.id, `${p.familyNameJa} ${p.givenNameJa} / ${p.givenNameEn} ${p.familyNameEn}`.trim()]));
}


/** Counts per institution (null = central staff), for the progress chart and the report. */
export async function campaignProgress(conn: Conn, campaignId: string): Promise<InstitutionProgress[]> {
  const rows = await conn
    .select({
      institutionId: accessReviewItems.institutionId,
      nameJa: institutions.nameJa,
      nameEn: institutions.nameEn,
      code: institutions.code,
      status: accessReviewItems.status,
      escalated: accessReviewItems.escalated,
      flagged: accessReviewItems.flagged,
      n: count(),
    })
    .from(accessReviewItems)
    .leftJoin(institutions, eq(institutions.id, accessReviewItems.institutionId))
    .where(eq(accessReviewItems.campaignId, campaignId))
    .groupBy(accessReviewItems.institutionId, institutions.nameJa, institutions.nameEn, institutions.code, accessReviewItems.status, accessReviewItems.escalated, accessReviewItems.flagged)
    .orderBy(asc(institutions.code));
  const by = new Map<string, InstitutionProgress & { code: string }>();
  for (const r of rows) {
    const key = r.institutionId ?? '';
    const cur = by.get(key) ?? { institutionId: r.institutionId, nameJa: r.nameJa ?? CENTRAL.ja, nameEn: r.nameEn ?? CENTRAL.en, code: r.code ?? '~', flagged: false, ...zero() };
    add(cur, r.status, r.escalated, Number(r.n));
    cur.flagged ||= r.flagged;
    by.set(key, cur);
  }
  return [...by.values()].sort((a, b) => a.code.localeCompare(b.code)).map(({ code: _c, ...p }) => p);
}

/** Campaigns as shown, with their counts and progress per institution. */
export async function campaignDtos(conn: Conn, rows: CampaignRow[]): Promise<CampaignDto[]> {
  const out: CampaignDto[] = [];
  const starters = await personNames(conn, rows.flatMap((r) => [r.startedBy, r.closedBy]));
  for (const r of rows) {
    const progress = await campaignProgress(conn, r.id);
    const counts = progress.reduce((s, p) => ({ total: s.total + p.total, open: s.open + p.open, confirmed: s.confirmed + p.confirmed, removed: s.removed + p.removed, notReviewed: s.notReviewed + p.notReviewed, escalated: s.escalated + p.escalated }), zero());
    out.push({
      id: r.id,
      name: r.name,
      dueDate: r.dueDate,
      dueAt: r.dueAt.toISOString(),
      institutionIds: r.institutionIds ?? null,
      includeStaff: r.includeStaff,
      reminderDays: r.reminderDays,
      status: r.status as CampaignDto['status'],
      startedBy: r.startedBy ? (starters.get(r.startedBy) ?? null) : null,
      startedAt: r.startedAt.toISOString(),
      remindedAt: r.remindedAt?.toISOString() ?? null,
      escalatedAt: r.escalatedAt?.toISOString() ?? null,
      closedBy: r.closedBy ? (starters.get(r.closedBy) ?? null) : null,
      closedAt: r.closedAt?.toISOString() ?? null,
      counts,
      progress,
    });
  }
  return out;
}

function zero(): Counts {
  return { total: 0, open: 0, confirmed: 0, removed: 0, notReviewed: 0, escalated: 0 };
}
function add(c: Counts, status: string, escalated: boolean, n: number) {
  c.total += n;
  if (status === 'open') c.open += n;
  if (status === 'confirmed') c.confirmed += n;
  if (status === 'removed') c.removed += n;
  if (status === 'not_reviewed') c.notReviewed += n;
  if (escalated) c.escalated += n;
}
