import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { BulkConfirm, CampaignDto, DecideItem, InstitutionProgress, ListItemsQuery, ReviewItemDto, StartCampaign } from '../../../shared/reviews.js';
import type { Role } from '../../../shared/roles.js';
import type { RoleAssignment } from '../../../shared/org.js';
import type { Actor } from '../../authz/actor.js';
import { reviewItemScope } from '../../authz/scopes/reviews.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { accessReviewCampaigns, accessReviewItems, institutions } from '../../db/schema/index.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { loadAffiliations, PeopleService } from '../org/public.js';
import { mailReviewers, runDeadlines } from './reviews.deadlines.js';
import { generateItems } from './reviews.items.js';
import { assignedMail } from './reviews.mail.js';
import { campaignDtos, campaignProgress, campaignRow, itemPage, personNames, taskCondition, type CampaignRow, type ItemRow } from './reviews.read.js';

export { countOverdueCampaigns, countReviewTasks, type CampaignRow, type ItemRow } from './reviews.read.js';
export { startOfDayTokyo } from './reviews.deadlines.js';

/** The end of a calendar day in Japan. */
export const endOfDayTokyo = (date: string) => new Date(`${date}T23:59:59.999+09:00`);

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
      const items = await generateItems(tx, c!, scope, input.includeStaff);
      for (let i = 0; i < items.length; i += 500) await tx.insert(accessReviewItems).values(items.slice(i, i + 500));
      const flagged = [...new Set(items.filter((x) => x.flagged).map((x) => x.institutionId))];
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'access_review.started',
        targetType: 'access_review',
        targetId: c!.id,
        details: { name: c!.name, dueDate: c!.dueDate, institutionIds: scope, includeStaff: c!.includeStaff, items: items.length, institutionsWithoutCoordinator: flagged },
      });
      await mailReviewers(tx, this.ctx, c!, assignedMail);
      return c!;
    });
    this.ctx.mailer.kick();
    return (await this.dtos(this.ctx.db, [row]))[0]!;
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
    return campaignRow(conn, id, lock);
  }

  /** "Family Given / Given Family" for people ids, for showing who decided. */
  async names(ids: (string | null)[]): Promise<Map<string, string>> {
    return personNames(this.ctx.db, ids);
  }

  /** Counts per institution (null = central staff), for the progress chart and the report. */
  async progress(conn: Conn, campaignId: string): Promise<InstitutionProgress[]> {
    return campaignProgress(conn, campaignId);
  }

  private async itemPage(where: SQL | undefined, q: { page: number; pageSize: number }) {
    return itemPage(this.ctx.db, where, q);
  }

  private async dtos(conn: Conn, rows: CampaignRow[]): Promise<CampaignDto[]> {
    return campaignDtos(conn, rows);
  }

  /** Reminder and escalation (the scheduled job): each happens once per campaign. */
  async runDeadlines(now: Date, remind: typeof assignedMail, escalate: (tx: Conn, c: CampaignRow, progress: InstitutionProgress[]) => Promise<number>) {
    return runDeadlines(this.ctx, now, remind, escalate);
  }
}
