import { sql } from 'drizzle-orm';
import { violationCases, violationInvestigators } from '../../db/schema/index.js';
import type { Actor } from '../actor.js';
import { can } from '../policy.js';
import { NOBODY, type Scope } from './scope.js';

/** What decides a violation case's visibility: who investigates it. */
export interface ViolationScopeRow {
  investigatorIds: readonly string[];
}

const seesAll = (actor: Actor) => actor.kind === 'system' || can(actor, 'violation.manage');

/**
 * The violation cases an actor sees (P32-7): the manager every case, anyone else only the cases
 * naming them as investigator; the subject included, everyone else is answered 404.
 */
export const violationScope: Scope<ViolationScopeRow> = {
  allows: (actor, v) => seesAll(actor) || (!!actor.personId && v.investigatorIds.includes(actor.personId)),
  filter: (actor) =>
    seesAll(actor)
      ? undefined
      : sql`exists (select 1 from ${violationInvestigators} where ${violationInvestigators.caseId} = ${violationCases.id} and ${violationInvestigators.personId} = ${actor.personId ?? NOBODY})`,
};
