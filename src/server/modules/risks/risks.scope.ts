import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../authz/actor.js';
import { assets, riskAssets, risks } from '../../db/schema/index.js';
import { visibleAssetFilter } from '../assets/public.js';

/**
 * The risks an actor may see: those concerning at least one asset they may see (assets.service.ts
 * `visibleAssetFilter`), as a condition over `risks`; undefined means every risk.
 */
export function riskVisibility(actor: Actor): SQL | undefined {
  const f = visibleAssetFilter(actor);
  if (!f) return undefined;
  return sql`${risks.id} in (select ${riskAssets.riskId} from ${riskAssets} inner join ${assets} on ${assets.id} = ${riskAssets.assetId} where ${f})`;
}

/** The assets an actor may see, as a condition over `assets` (undefined: all). */
export const assetVisibility = (actor: Actor): SQL | undefined => visibleAssetFilter(actor);
