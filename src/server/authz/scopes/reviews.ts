import { and, eq, inArray } from 'drizzle-orm';
import { accessReviewItems } from '../../db/schema/index.js';
import { can, coordinates } from '../policy.js';
import { NONE, oneOf, type Scope } from './scope.js';

/** What decides an access-review item's visibility: who reviews it, and for which institution. */
export interface ReviewItemScopeRow {
  reviewer: string;
  institutionId: string | null;
}

/**
 * The access-review items an actor sees (P32-2.1.3): all of them for the data center (whoever
 * manages reviews); a site coordinator, the items their institutions' coordinators review.
 */
export const reviewItemScope: Scope<ReviewItemScopeRow> = {
  allows: (actor, i) => can(actor, 'access_review.manage') || (i.reviewer === 'site_coordinator' && oneOf(i.institutionId, coordinates(actor))),
  filter(actor) {
    if (can(actor, 'access_review.manage')) return undefined;
    const mine = coordinates(actor);
    if (!mine.length) return NONE;
    return and(eq(accessReviewItems.reviewer, 'site_coordinator'), inArray(accessReviewItems.institutionId, mine));
  },
};
