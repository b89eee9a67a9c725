import { eq, sql } from 'drizzle-orm';
import { assets, riskAssets, risks } from '../../db/schema/index.js';
import type { Actor } from '../actor.js';
import { assetScope, type AssetScopeRow } from './assets.js';
import type { Scope } from './scope.js';

/** What decides a risk's visibility: the assets it concerns. */
export interface RiskScopeRow {
  assets: readonly AssetScopeRow[];
}

/**
 * The risks an actor may see (P32-4): those concerning at least one asset they may see
 * (assets.ts). Whoever sees every asset sees every risk, those without an asset included.
 */
export const riskScope: Scope<RiskScopeRow> = {
  allows: (actor: Actor, r) => assetScope.seesAll(actor) || r.assets.some((a) => assetScope.allows(actor, a)),
  filter(actor) {
    const seen = assetScope.filter(actor);
    if (!seen) return undefined;
    return sql`${risks.id} in (select ${riskAssets.riskId} from ${riskAssets} inner join ${assets} on ${eq(assets.id, riskAssets.assetId)} where ${seen})`;
  },
};
