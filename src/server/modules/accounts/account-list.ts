import { and, asc, desc, eq, ilike, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AccountCountsDto, AccountFilter, AccountSort, AccountSummaryDto, InstitutionRefDto } from '../../../shared/accounts.js';
import { ACCOUNT_SOON_DAYS, AccountFilter as AccountFilters } from '../../../shared/accounts.js';
import type { AccountStatus, SuspendedReason } from '../../../shared/account.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { accountStates, accountTokens, institutions, personInstitutions, people } from '../../db/schema/index.js';
import { dormancyAnchor } from './account.repo.js';

const DAY = 86_400_000;

/** What narrows the console's list (and its CSV export). */
export interface AccountListWhere {
  filter?: AccountFilter;
  q?: string;
}

/** An outstanding (unused, unrevoked, unexpired) invitation link of the row's person. */
const openInvitation = (now: Date) =>
  sql`exists (select 1 from ${accountTokens} t where t.person_id = ${people.id} and t.purpose = 'invitation' and t.used_at is null and t.revoked_at is null and t.expires_at > ${now})`;

/**
 * The condition of one console filter. The overview's counts are built from the same conditions, so
 * a card's number is always the length of the list it opens.
 */
export function filterCondition(ctx: AppContext, f: AccountFilter): SQL {
  const now = ctx.clock.now();
  const soon = new Date(now.getTime() + ACCOUNT_SOON_DAYS * DAY);
  switch (f) {
    case 'invitation_expired':
      return and(eq(people.accountStatus, 'invited'), sql`not ${openInvitation(now)}`)!;
    case 'expiring':
      return and(eq(people.accountStatus, 'active'), isNotNull(people.accountExpiresAt), lte(people.accountExpiresAt, soon))!;
    case 'dormant_soon':
      return and(eq(people.accountStatus, 'active'), sql`${dormancyAnchor} + make_interval(days => ${ctx.config.dormancyDays}) <= ${soon}`)!;
    default:
      return eq(people.accountStatus, f);
  }
}

function search(q: string): SQL | undefined {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(people.email, like), ilike(people.familyNameJa, like), ilike(people.givenNameJa, like), ilike(people.familyNameKana, like), ilike(people.familyNameEn, like), ilike(people.givenNameEn, like));
}

export function listCondition(ctx: AppContext, w: AccountListWhere): SQL | undefined {
  return and(w.filter ? filterCondition(ctx, w.filter) : undefined, w.q ? search(w.q) : undefined);
}

/** The list's order; the id breaks ties so pages never overlap. Never signed in sorts as the oldest. */
export function listOrder(sort: AccountSort, dir: 'asc' | 'desc'): SQL[] {
  if (sort === 'last_sign_in') {
    return dir === 'asc' ? [sql`${people.lastSignInAt} asc nulls first`, asc(people.id)] : [sql`${people.lastSignInAt} desc nulls last`, desc(people.id)];
  }
  const d = dir === 'asc' ? asc : desc;
  return [d(people.familyNameKana), d(people.familyNameEn), d(people.id)];
}

/** How many people match, through the same joins as the rows. */
export async function countAccounts(conn: Conn, cond: SQL | undefined): Promise<number> {
  const [r] = await conn.select({ n: sql<number>`count(*)::int` }).from(people).leftJoin(accountStates, eq(accountStates.personId, people.id)).where(cond);
  return Number(r?.n ?? 0);
}

/** The overview: every filter's count (and the total) in one query with conditional counts. */
export async function accountCounts(conn: Conn, ctx: AppContext): Promise<AccountCountsDto> {
  const cols = Object.fromEntries(AccountFilters.options.map((f) => [f, sql<number>`count(*) filter (where ${filterCondition(ctx, f)})::int`])) as Record<AccountFilter, SQL<number>>;
  const [r] = await conn
    .select({ total: sql<number>`count(*)::int`, ...cols })
    .from(people)
    .leftJoin(accountStates, eq(accountStates.personId, people.id));
  const n = (v: unknown) => Number(v ?? 0);
  const counts = Object.fromEntries(AccountFilters.options.map((f) => [f, n(r?.[f])])) as Record<AccountFilter, number>;
  return { total: n(r?.total), ...counts, soonDays: ACCOUNT_SOON_DAYS };
}

/** Rows of the console's list: the account's state, its deadlines, MFA, pledge and institutions. */
export async function accountRows(conn: Conn, ctx: AppContext, cond: SQL | undefined, order: SQL[], limit: number, offset: number): Promise<AccountSummaryDto[]> {
  const now = ctx.clock.now();
  const rows = await conn
    .select({
      p: people,
      anchor: dormancyAnchor,
      invitationExpiresAt: sql<Date | string | null>`(select max(t.expires_at) from ${accountTokens} t where t.person_id = ${people.id} and t.purpose = 'invitation' and t.used_at is null and t.revoked_at is null and t.expires_at > ${now})`,
      institutions: sql<unknown>`(select coalesce(json_agg(json_build_object('id', i.id, 'nameJa', i.name_ja, 'nameEn', i.name_en) order by i.name_en), '[]'::json) from ${personInstitutions} pi join ${institutions} i on i.id = pi.institution_id where pi.person_id = ${people.id})`,
    })
    .from(people)
    .leftJoin(accountStates, eq(accountStates.personId, people.id))
    .where(cond)
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  return rows.map(({ p, anchor, invitationExpiresAt, institutions: insts }) => ({
    personId: p.id,
    familyNameJa: p.familyNameJa,
    givenNameJa: p.givenNameJa,
    familyNameEn: p.familyNameEn,
    givenNameEn: p.givenNameEn,
    email: p.email,
    personActive: p.active,
    status: p.accountStatus as AccountStatus,
    suspendedReason: (p.suspendedReason as SuspendedReason | null) ?? null,
    expiresAt: iso(p.accountExpiresAt),
    lastSignInAt: iso(p.lastSignInAt),
    dormantAt: p.accountStatus === 'active' && anchor ? new Date(new Date(anchor).getTime() + ctx.config.dormancyDays * DAY).toISOString() : null,
    invitationExpiresAt: iso(invitationExpiresAt),
    mfaEnrolled: p.mfaEnrolledAt !== null,
    pledgeVersion: p.pledgeVersion,
    institutions: (typeof insts === 'string' ? JSON.parse(insts) : (insts ?? [])) as InstitutionRefDto[],
  }));
}
