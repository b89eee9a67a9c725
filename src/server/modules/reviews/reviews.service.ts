import { and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { BulkConfirm, CampaignDto, Counts, DecideItem, InstitutionProgress, ListItemsQuery, ReviewItemDto, ReviewItemStatus, StartCampaign } from '../../../shared/reviews.js';
import { STAFF_ROLES, type Role } from '../../../shared/roles.js';
import type { RoleAssignment } from '../../../shared/org.js';
import { systemActor, type Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { reviewItemScope } from '../../authz/scopes/reviews.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { accessReviewCampaigns, accessReviewItems, institutions, people, researchGroups, roleAssignments } from '../../db/schema/index.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { loadAffiliations, PeopleService } from '../org/public.js';
import { assignedMail } from './reviews.mail.js';
import { CENTRAL } from './reviews.words.js';

export type CampaignRow = typeof accessReviewCampaigns.$inferSelect;
export type ItemRow = typeof accessReviewItems.$inferSelect;
type NewItem = typeof accessReviewItems.$inferInsert;
/** Roles the data center reviews when a campaign includes staff and contractors. */
const CENTRAL_ROLES: Role[] = [...STAFF_ROLES, 'contractor'];
const DAY = 86_400_000;

/** The end of a calendar day in Japan. */
export const endOfDayTokyo = (date: string) => new Date(`${date}T23:59:59.999+09:00`);
/** The start of a calendar day in Japan: reminders go out from the start of the day N days before. */
export const startOfDayTokyo = (date: string) => new Date(`${date}T00:00:00+09:00`);

/** The actor's items in open campaigns (the data center: the items it reviews itself), over items joined to their campaign. */
function taskCondition(actor: Actor, status: ReviewItemStatus = 'open'): SQL {
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

/**
 * Access reviews: the data center starts a campaign; items are generated at once (one per role to
 * review); reviewers confirm or remove; removal revokes the role through PeopleService. Site
 * coordinators see only their own institution's researchers; nobody decides their own item.
 */
export class ReviewsService {
  private readonly peopleSvc: PeopleService;
  constructor(private readonly ctx: AppContext) {
    this.peopleSvc = new PeopleService(ctx);
  }

  async list(actor: Actor): Promise<CampaignDto[]> {
    await this.ctx.authz.require(actor, 'access_review.manage');
    const rows = await this.ctx.db.select().from(accessReviewCampaigns).orderBy(desc(accessReviewCampaigns.startedAt));
    return this.dtos(this.ctx.db, rows);
  }

  async get(actor: Actor, id: string): Promise<CampaignDto> {
    await this.ctx.authz.require(actor, 'access_review.manage');
    return (await this.dtos(this.ctx.db, [await this.campaign(this.ctx.db, id)]))[0]!;
  }

  async start(actor: Actor, input: StartCampaign): Promise<CampaignDto> {
    await this.ctx.authz.require(actor, 'access_review.manage');
    const now = this.ctx.clock.now();
    const dueAt = endOfDayTokyo(input.dueDate);
    if (dueAt <= now) throw new ValidationError('Some fields are invalid.', [{ path: 'dueDate', message: 'must be in the future' }]);
    const scope = input.institutionIds?.length ? [...new Set(input.institutionIds)] : null;
    if (scope) {
      const found = new Set((await this.ctx.db.select({ id: institutions.id }).from(institutions).where(inArray(institutions.id, scope))).map((r) => r.id));
      const problems = scope.flatMap((id, i) => (found.has(id) ? [] : [{ path: `institutionIds.${i}`, message: 'does not exist' }]));
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
    }
    const row = await this.ctx.db.transaction(async (tx) => {
      const [c] = await tx
        .insert(accessReviewCampaigns)
        .values({ name: input.name, dueDate: input.dueDate, dueAt, institutionIds: scope, includeStaff: input.includeStaff, reminderDays: input.reminderDays, status: 'open', startedBy: actor.personId, startedAt: now })
        .returning();
      const items = await this.generate(tx, c!, scope, input.includeStaff);
      for (let i = 0; i < items.length; i += 500) await tx.insert(accessReviewItems).values(items.slice(i, i + 500));
      const flagged = [...new Set(items.filter((x) => x.flagged).map((x) => x.institutionId))];
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'access_review.started',
        targetType: 'access_review',
        targetId: c!.id,
        details: { name: c!.name, dueDate: c!.dueDate, institutionIds: scope, includeStaff: c!.includeStaff, items: items.length, institutionsWithoutCoordinator: flagged },
      });
      await this.mailReviewers(tx, c!, assignedMail);
      return c!;
    });
    this.ctx.mailer.kick();
    return (await this.dtos(this.ctx.db, [row]))[0]!;
  }

  /** One item per role to review: researchers by their institution's coordinators, the rest by the data center. */
  private async generate(tx: Conn, c: CampaignRow, scope: string[] | null, includeStaff: boolean): Promise<NewItem[]> {
    const rows = await tx
      .select({ r: roleAssignments, p: people })
      .from(roleAssignments)
      .innerJoin(people, eq(people.id, roleAssignments.personId))
      .where(eq(people.active, true))
      .orderBy(asc(people.familyNameKana), asc(people.id), asc(roleAssignments.createdAt));
    const coordinated = new Set(rows.filter(({ r }) => r.role === 'site_coordinator' && r.institutionId).map(({ r }) => r.institutionId as string));
    const inScope = (inst: string | null) => !!inst && (!scope || scope.includes(inst));
    const out: NewItem[] = [];
    for (const { r, p } of rows) {
      const role = r.role as Role;
      const base = {
        campaignId: c.id,
        personId: p.id,
        personNameJa: `${p.familyNameJa} ${p.givenNameJa}`.trim(),
        personNameEn: `${p.givenNameEn} ${p.familyNameEn}`.trim(),
        personEmail: p.email,
        role,
        institutionId: r.institutionId,
        researchGroupId: r.researchGroupId,
        unitId: r.unitId,
      };
      if (role === 'researcher' && inScope(r.institutionId)) {
        const has = coordinated.has(r.institutionId!);
        out.push({ ...base, reviewer: has ? 'site_coordinator' : 'data_center', flagged: !has });
      } else if (role === 'site_coordinator' && inScope(r.institutionId)) {
        out.push({ ...base, reviewer: 'data_center', flagged: false });
      } else if (includeStaff && CENTRAL_ROLES.includes(role)) {
        out.push({ ...base, reviewer: 'data_center', flagged: false });
      }
    }
    return out;
  }

  async items(actor: Actor, campaignId: string, q: ListItemsQuery) {
    await this.ctx.authz.require(actor, 'access_review.decide');
    await this.campaign(this.ctx.db, campaignId);
    const where = and(eq(accessReviewItems.campaignId, campaignId), reviewItemScope.filter(actor), q.status ? eq(accessReviewItems.status, q.status) : undefined, q.institutionId ? eq(accessReviewItems.institutionId, q.institutionId) : undefined);
    return this.itemPage(where, q);
  }

  /** My open items in open campaigns: what the "my review tasks" page lists. */
  async tasks(actor: Actor, q: ListItemsQuery) {
    await this.ctx.authz.require(actor, 'access_review.decide');
    const where = and(taskCondition(actor, q.status ?? 'open'), q.institutionId ? eq(accessReviewItems.institutionId, q.institutionId) : undefined);
    return this.itemPage(where, q);
  }

  async decide(actor: Actor, itemId: string, input: DecideItem): Promise<ReviewItemDto> {
    await this.ctx.authz.require(actor, 'access_review.decide');
    const seen = await this.visibleItem(this.ctx.db, actor, itemId, false);
    if (seen.personId === actor.personId) {
      // Nobody reviews their own access: the denial is recorded like any other.
      await appendAuditAlone(this.ctx.db, this.ctx.clock, actor, { action: 'authz.denied', targetType: 'access_review', targetId: seen.campaignId, details: { action: 'access_review.decide', itemId, reason: 'own access' } });
      throw new ForbiddenError('access_review.decide');
    }
    const id = await this.ctx.db.transaction(async (tx) => {
      const item = await this.visibleItem(tx, actor, itemId);
      await this.decideInTx(tx, actor, item, input.decision, input.reason ?? null);
      return item.id;
    });
    return (await this.itemPage(eq(accessReviewItems.id, id), { page: 1, pageSize: 1 })).items[0]!;
  }

  async bulkConfirm(actor: Actor, input: BulkConfirm): Promise<{ confirmed: number; skipped: number }> {
    await this.ctx.authz.require(actor, 'access_review.decide');
    return this.ctx.db.transaction(async (tx) => {
      let confirmed = 0;
      let skipped = 0;
      for (const itemId of [...new Set(input.itemIds)]) {
        const item = await this.visibleItem(tx, actor, itemId);
        // Already decided, or the reviewer's own: left for the row's own button (or for someone else).
        if (item.status !== 'open' || item.personId === actor.personId) {
          skipped++;
          continue;
        }
        await this.decideInTx(tx, actor, item, 'confirm', null);
        confirmed++;
      }
      return { confirmed, skipped };
    });
  }

  async close(actor: Actor, id: string): Promise<CampaignDto> {
    await this.ctx.authz.require(actor, 'access_review.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const c = await this.campaign(tx, id, true);
      if (c.status !== 'open') throw new AppError(409, 'REVIEW_CLOSED', 'This access review is already closed.');
      const now = this.ctx.clock.now();
      const left = await tx
        .update(accessReviewItems)
        .set({ status: 'not_reviewed' })
        .where(and(eq(accessReviewItems.campaignId, id), eq(accessReviewItems.status, 'open')))
        .returning({ id: accessReviewItems.id });
      const [closed] = await tx.update(accessReviewCampaigns).set({ status: 'closed', closedAt: now, closedBy: actor.personId }).where(eq(accessReviewCampaigns.id, id)).returning();
      await appendAudit(tx, this.ctx.clock, actor, { action: 'access_review.closed', targetType: 'access_review', targetId: id, details: { name: c.name, notReviewed: left.length } });
      return closed!;
    });
    return (await this.dtos(this.ctx.db, [row]))[0]!;
  }

  // ---- internals ------------------------------------------------------------------------------

  /** The item if the actor may decide it; otherwise 404 (a coordinator cannot probe other institutions). */
  private async visibleItem(conn: Conn, actor: Actor, itemId: string, lock = true): Promise<ItemRow> {
    const q = conn.select({ item: accessReviewItems }).from(accessReviewItems).where(and(eq(accessReviewItems.id, itemId), reviewItemScope.filter(actor)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new NotFoundError('Review item');
    return row.item;
  }

  private async decideInTx(tx: Conn, actor: Actor, item: ItemRow, decision: 'confirm' | 'remove', reason: string | null): Promise<void> {
    const [c] = await tx.select().from(accessReviewCampaigns).where(eq(accessReviewCampaigns.id, item.campaignId));
    if (c?.status !== 'open') throw new AppError(409, 'REVIEW_CLOSED', 'This access review is closed.');
    if (item.status !== 'open') throw new AppError(409, 'REQUEST_NOT_PENDING', 'This item has already been decided.');
    if (item.personId === actor.personId) throw new ForbiddenError('access_review.decide');
    const now = this.ctx.clock.now();
    let revoked = false;
    if (decision === 'remove') revoked = await this.revoke(tx, actor, item);
    await tx.update(accessReviewItems).set({ status: decision === 'confirm' ? 'confirmed' : 'removed', decidedBy: actor.personId, decidedAt: now, reason }).where(eq(accessReviewItems.id, item.id));
    await appendAudit(tx, this.ctx.clock, actor, {
      action: 'access_review.decided',
      targetType: 'access_review',
      targetId: item.campaignId,
      scope: item.institutionId ? { institutionId: item.institutionId } : null,
      details: { itemId: item.id, personId: item.personId, role: item.role, institutionId: item.institutionId, researchGroupId: item.researchGroupId, decision, reason, revoked },
    });
  }

  /**
   * Revokes the reviewed role through PeopleService (audited as role.revoked there). When the
   * person then holds no role at that institution, the affiliation ends too, so they no longer
   * see its people.
   */
  private async revoke(tx: Conn, actor: Actor, item: ItemRow): Promise<boolean> {
    const aff = await loadAffiliations(tx, [item.personId]);
    const roles: RoleAssignment[] = (aff.roles.get(item.personId) ?? []).map((r) => ({ role: r.role as Role, institutionId: r.institutionId, researchGroupId: r.researchGroupId, unitId: r.unitId, committeeId: r.committeeId }));
    const same = (r: RoleAssignment) => r.role === item.role && (r.institutionId ?? null) === item.institutionId && (r.researchGroupId ?? null) === item.researchGroupId && (r.unitId ?? null) === item.unitId;
    const kept = roles.filter((r) => !same(r));
    if (kept.length === roles.length) return false;
    const institutionIds = (aff.inst.get(item.personId) ?? []).map((i) => i.id);
    const stillThere = !item.institutionId || kept.some((r) => r.institutionId === item.institutionId);
    await this.peopleSvc.updateInTx(tx, actor, item.personId, { roles: kept, ...(stillThere ? {} : { institutionIds: institutionIds.filter((i) => i !== item.institutionId) }) });
    return true;
  }

  async campaign(conn: Conn, id: string, lock = false): Promise<CampaignRow> {
    const q = conn.select().from(accessReviewCampaigns).where(eq(accessReviewCampaigns.id, id));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new NotFoundError('Access review');
    return row;
  }

  /** Whom to write to about a campaign's open items: each reviewer with how many they have. */
  async reviewersWithOpenItems(conn: Conn, campaignId: string) {
    const open = await conn
      .select({ reviewer: accessReviewItems.reviewer, institutionId: accessReviewItems.institutionId, n: count() })
      .from(accessReviewItems)
      .where(and(eq(accessReviewItems.campaignId, campaignId), eq(accessReviewItems.status, 'open')))
      .groupBy(accessReviewItems.reviewer, accessReviewItems.institutionId);
    const out = new Map<string, { id: string; email: string; language: string; open: number }>();
    const add = (p: { id: string; email: string; language: string }, n: number) => {
      const cur = out.get(p.id);
      out.set(p.id, { ...p, open: (cur?.open ?? 0) + n });
    };
    const holders = (where: SQL | undefined) =>
      conn
        .selectDistinct({ id: people.id, email: people.email, language: people.language })
        .from(roleAssignments)
        .innerJoin(people, eq(people.id, roleAssignments.personId))
        .where(and(eq(people.active, true), where));
    const dcOpen = open.filter((o) => o.reviewer === 'data_center').reduce((s, o) => s + Number(o.n), 0);
    if (dcOpen) for (const p of await holders(eq(roleAssignments.role, 'data_center_staff'))) add(p, dcOpen);
    for (const o of open.filter((x) => x.reviewer === 'site_coordinator' && x.institutionId)) {
      for (const p of await holders(and(eq(roleAssignments.role, 'site_coordinator'), eq(roleAssignments.institutionId, o.institutionId!)))) add(p, Number(o.n));
    }
    return [...out.values()];
  }

  async mailReviewers(tx: Conn, c: CampaignRow, template: typeof assignedMail): Promise<number> {
    const reviewers = await this.reviewersWithOpenItems(tx, c.id);
    for (const r of reviewers) {
      await this.ctx.mailer.enqueue(tx, { to: r.email, personId: r.id, language: r.language, template, params: { campaign: c.name, dueDate: c.dueDate, open: r.open, link: `${this.ctx.config.publicUrl}/access-reviews/tasks` } });
    }
    return reviewers.length;
  }

  private async itemPage(where: SQL | undefined, q: { page: number; pageSize: number }) {
    const base = this.ctx.db
      .select({ item: accessReviewItems, campaignName: accessReviewCampaigns.name, dueDate: accessReviewCampaigns.dueDate, inst: { id: institutions.id, nameJa: institutions.nameJa, nameEn: institutions.nameEn }, rg: { id: researchGroups.id, nameJa: researchGroups.nameJa, nameEn: researchGroups.nameEn } })
      .from(accessReviewItems)
      .innerJoin(accessReviewCampaigns, eq(accessReviewCampaigns.id, accessReviewItems.campaignId))
      .leftJoin(institutions, eq(institutions.id, accessReviewItems.institutionId))
      .leftJoin(researchGroups, eq(researchGroups.id, accessReviewItems.researchGroupId))
      .where(where);
    const [rows, [total]] = await Promise.all([
      base.orderBy(asc(institutions.code), asc(accessReviewItems.personNameEn), asc(accessReviewItems.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      this.ctx.db.select({ n: count() }).from(accessReviewItems).innerJoin(accessReviewCampaigns, eq(accessReviewCampaigns.id, accessReviewItems.campaignId)).where(where),
    ]);
    const deciders = await this.names(rows.map((r) => r.item.decidedBy));
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
  async names(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    if (!wanted.length) return new Map();
    const rows = await this.ctx.db.select().from(people).where(inArray(people.id, wanted));
    return new Map(rows.map((p) => [p.id, `${p.familyNameJa} ${p.givenNameJa} / ${p.givenNameEn} ${p.familyNameEn}`.trim()]));
  }

  /** Counts per institution (null = central staff), for the progress chart and the report. */
  async progress(conn: Conn, campaignId: string): Promise<InstitutionProgress[]> {
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

  private async dtos(conn: Conn, rows: CampaignRow[]): Promise<CampaignDto[]> {
    const out: CampaignDto[] = [];
    const starters = await this.names(rows.flatMap((r) => [r.startedBy, r.closedBy]));
    for (const r of rows) {
      const progress = await this.progress(conn, r.id);
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

  /** Reminder and escalation (the scheduled job): each happens once per campaign. */
  async runDeadlines(now: Date, remind: typeof assignedMail, escalate: (tx: Conn, c: CampaignRow, progress: InstitutionProgress[]) => Promise<number>) {
    const open = await this.ctx.db.select().from(accessReviewCampaigns).where(and(eq(accessReviewCampaigns.status, 'open'), isNull(accessReviewCampaigns.escalatedAt)));
    let reminded = 0;
    let escalated = 0;
    const system = systemActor('access-review job');
    for (const c of open) {
      if (!c.remindedAt && now.getTime() >= startOfDayTokyo(c.dueDate).getTime() - c.reminderDays * DAY && now < c.dueAt) {
        await this.ctx.db.transaction(async (tx) => {
          const [claimed] = await tx.update(accessReviewCampaigns).set({ remindedAt: now }).where(and(eq(accessReviewCampaigns.id, c.id), isNull(accessReviewCampaigns.remindedAt))).returning();
          if (!claimed) return;
          const n = await this.mailReviewers(tx, c, remind);
          await appendAudit(tx, this.ctx.clock, system, { action: 'access_review.reminded', targetType: 'access_review', targetId: c.id, details: { reviewers: n } });
          reminded++;
        });
      }
      if (now > c.dueAt) {
        await this.ctx.db.transaction(async (tx) => {
          const [claimed] = await tx.update(accessReviewCampaigns).set({ escalatedAt: now }).where(and(eq(accessReviewCampaigns.id, c.id), isNull(accessReviewCampaigns.escalatedAt))).returning();
          if (!claimed) return;
          const items = await tx.update(accessReviewItems).set({ escalated: true }).where(and(eq(accessReviewItems.campaignId, c.id), eq(accessReviewItems.status, 'open'))).returning({ id: accessReviewItems.id });
          const progress = (await this.progress(tx, c.id)).filter((p) => p.open > 0);
          const told = items.length ? await escalate(tx, c, progress) : 0;
          await appendAudit(tx, this.ctx.clock, system, { action: 'access_review.escalated', targetType: 'access_review', targetId: c.id, details: { items: items.length, told, institutionIds: progress.map((p) => p.institutionId) } });
          escalated++;
        });
      }
    }
    if (reminded || escalated) this.ctx.mailer.kick();
    return { reminded, escalated };
  }
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

