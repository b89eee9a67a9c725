/**
 * Generates `count` risks over the assets already in the database, for the asset and risk
 * benchmarks: the pre-filled threat catalogue and matrix first, then risks in INSERT … SELECT
 * generate_series statements of 50,000, each on one asset (spread over all of them), with
 * likelihood and impact over the whole 5 × 5 matrix, levels looked up in the matrix row, a
 * residual assessment and a treatment for 60 %, a mix of statuses, owners and review dates (some
 * overdue). Returns how many risks were made.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/server/db/client.js';
import { seedRiskCatalogue } from '../../src/server/modules/risks/catalogue.seed.js';

const BATCH = 50_000;

export async function seedRisks(db: Db, opts: { count: number; managerId: string }): Promise<number> {
  await seedRiskCatalogue(db);
  const [{ n: assetCount } = { n: 0 }] = ((await db.execute(sql`select count(*)::int as n from assets`)) as unknown as { rows: { n: number }[] }).rows;
  if (!assetCount) return 0;
  const [{ n: start } = { n: 0 }] = ((await db.execute(sql`select coalesce(max(number), 0)::int as n from risks`)) as unknown as { rows: { n: number }[] }).rows;
  for (let lo = 1; lo <= opts.count; lo += BATCH) {
    const hi = Math.min(opts.count, lo + BATCH - 1);
    await db.execute(sql`
      insert into risks (threat_id, title, owner_person_id, inherent_likelihood, inherent_impact, inherent_level, treatment,
                         residual_likelihood, residual_impact, residual_level, current_level, inherent_sort, residual_sort, current_sort,
                         due_date, next_review_date, status, source, created_at, updated_at)
      select y.threat_id, y.title, y.owner, y.l, y.im, y.il, y.treatment, y.rl, y.ri, y.rlev, coalesce(y.rlev, y.il),
             (k.k ->> y.il)::int * 100 + y.l * y.im,
             case when y.rlev is not null then (k.k ->> y.rlev)::int * 100 + y.rl * y.ri end,
             coalesce((k.k ->> y.rlev)::int * 100 + y.rl * y.ri, (k.k ->> y.il)::int * 100 + y.l * y.im),
             y.due, y.review, y.status, y.source, y.at, y.at
      from (
        select t.ids[1 + x.i % array_length(t.ids, 1)] as threat_id,
               case when x.i % 10 = 0 then 'ベンチ用リスク ' || x.i end as title,
               case when x.i % 4 = 0 then ${opts.managerId}::uuid end as owner,
               x.l, x.im, m.cells -> (x.l - 1) ->> (x.im - 1) as il,
               case when x.res then (array['reduce','reduce','reduce','transfer','avoid'])[1 + x.i % 5] when x.i % 7 = 0 then 'accept' end as treatment,
               case when x.res then greatest(1, x.l - 2) end as rl, case when x.res then greatest(1, x.im - 1) end as ri,
               case when x.res then m.cells -> (greatest(1, x.l - 2) - 1) ->> (greatest(1, x.im - 1) - 1) end as rlev,
               case when x.i % 3 = 0 then date '2026-01-01' + (x.i % 730) end as due,
               date '2025-10-01' + (x.i % 900) as review,
               (array['open','in_treatment','in_treatment','accepted','needs_review','open','in_treatment','closed'])[1 + x.i % 8] as status,
               case when x.i % 2 = 0 then 'proposal' else 'manual' end as source,
               now() - (x.i || ' minutes')::interval as at
        from (select i, 1 + (i * 7) % 5 as l, 1 + (i * 11 / 3) % 5 as im, i % 5 < 3 as res from generate_series(${lo}::int, ${hi}::int) as g(i)) x
        cross join (select cells from risk_matrix where id = 'default') m
        cross join (select array_agg(id order by code) as ids from threats where retired_at is null) t
      ) y
      cross join (select jsonb_object_agg(l ->> 'key', (l ->> 'rank')::int) as k from risk_matrix m2, jsonb_array_elements(m2.levels) l where m2.id = 'default') k`);
  }
  // One asset per risk, spread over every asset (ref numbers run 1…N).
  await db.execute(sql`
    insert into risk_assets (risk_id, asset_id)
    select r.id, a.id from risks r join assets a on a.ref_no = 1 + ((r.number::bigint * 7919) % ${assetCount})
    where r.number > ${start}`);
  // Freshly written tables: statistics and the visibility map (index-only scans), as autovacuum would leave them.
  await db.execute(sql`vacuum analyze risks`);
  await db.execute(sql`vacuum analyze risk_assets`);
  return opts.count;
}
