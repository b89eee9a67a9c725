import { sql, type SQL } from 'drizzle-orm';
import type { SharingSignalDto, SharingSignalList, SharingSignalsQuery } from '../../../shared/sharing.js';
import { appendAuditAlone } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { queryRows } from '../../db/client.js';

type Row = {
  person_id: string;
  family_name_ja: string;
  given_name_ja: string;
  family_name_en: string;
  given_name_en: string;
  email: string;
  concurrent_pairs: number | string;
  concurrent_ips: string[] | null;
  last_overlap_at: Date | string | null;
  distinct_ips: number | string;
  devices: number | string;
};

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/**
 * The shared part of the query: full sessions and known devices within the window, pairs of
 * sessions open at the same time from different addresses, and per person the number of such
 * pairs, of devices and of addresses. `flagged` is the condition on people p joined to them.
 */
function windowCtes(since: Date): SQL {
  return sql`
    with s as (
      select person_id, host(ip) as ip, created_at, coalesce(ended_at, last_seen_at) as until
        from sessions
       where stage = 'full' and ip is not null and created_at > ${since}
    ),
    pairs as (
      select a.person_id, a.ip as ip_a, b.ip as ip_b, greatest(a.created_at, b.created_at) as at
        from s a
        join s b on b.person_id = a.person_id and a.ip < b.ip and a.created_at < b.until and b.created_at < a.until
    ),
    overlapping as (
      select person_id, count(*) as pairs, max(at) as last_at from pairs group by person_id
    ),
    devices as (
      select person_id, count(*) as n from known_devices where last_seen_at > ${since} group by person_id
    ),
    ips as (
      select person_id, count(distinct ip) as n from s group by person_id
    )`;
}
const joins = sql`left join overlapping o on o.person_id = p.id left join devices d on d.person_id = p.id left join ips i on i.person_id = p.id`;
const flagged = (deviceThreshold: number) => sql`(o.pairs > 0 or d.n >= ${deviceThreshold})`;
const sinceOf = (ctx: AppContext, days: number) => new Date(ctx.clock.now().getTime() - days * 86_400_000);

/**
 * How many accounts the list would flag, for the home page. Nothing about any person leaves the
 * database (no names, no addresses), so unlike the list it needs no audit entry. The caller checks
 * account.manage.
 */
export async function countSharingSignals(ctx: AppContext, q: SharingSignalsQuery): Promise<number> {
  const [r] = await queryRows<{ n: number | string }>(ctx.db, sql`${windowCtes(sinceOf(ctx, q.days))} select count(*)::int as n from people p ${joins} where ${flagged(q.deviceThreshold)}`);
  return Number(r?.n ?? 0);
}

/**
 * Accounts that look shared (P32-2.1.3a), from the sessions and device cookies Mamori already
 * keeps: two full sessions from different IP addresses open at the same time, or more devices
 * within the window than the threshold. One query; reading it is audited (it shows IP addresses).
 */
export async function sharingSignals(ctx: AppContext, actor: Actor, q: SharingSignalsQuery): Promise<SharingSignalList> {
  await ctx.authz.require(actor, 'account.manage');
  const rows = await queryRows<Row>(ctx.db, sql`${windowCtes(sinceOf(ctx, q.days))}
    select p.id as person_id, p.family_name_ja, p.given_name_ja, p.family_name_en, p.given_name_en, p.email,
           coalesce(o.pairs, 0) as concurrent_pairs, o.last_at as last_overlap_at,
           (select array_agg(distinct x.ip order by x.ip)
              from (select ip_a as ip from pairs q where q.person_id = p.id union select ip_b from pairs q where q.person_id = p.id) x) as concurrent_ips,
           coalesce(i.n, 0) as distinct_ips, coalesce(d.n, 0) as devices
      from people p ${joins}
     where ${flagged(q.deviceThreshold)}
     order by coalesce(o.pairs, 0) desc, coalesce(d.n, 0) desc, p.family_name_en, p.id
     limit 500`);
  const items: SharingSignalDto[] = rows.map((r) => ({
    personId: r.person_id,
    familyNameJa: r.family_name_ja,
    givenNameJa: r.given_name_ja,
    familyNameEn: r.family_name_en,
    givenNameEn: r.given_name_en,
    email: r.email,
    concurrentPairs: Number(r.concurrent_pairs),
    concurrentIps: r.concurrent_ips ?? [],
    lastOverlapAt: iso(r.last_overlap_at),
    distinctIps: Number(r.distinct_ips),
    devices: Number(r.devices),
  }));
  await appendAuditAlone(ctx.db, ctx.clock, actor, { action: 'account.sharing_signals_viewed', details: { days: q.days, deviceThreshold: q.deviceThreshold, flagged: items.length } });
  return { items, days: q.days, deviceThreshold: q.deviceThreshold };
}
