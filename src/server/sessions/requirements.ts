import type { SQL } from 'drizzle-orm';
import type { Requirement } from '../../shared/account.js';

/**
 * A requirement a feature adds to every session, so the core need not know the feature: a module
 * contributes one through its manifest (`sessionRequirement`), the composition root collects them
 * and hands them to the session service. The check runs inside the session's one query (it runs
 * on every request), as a boolean SQL expression; while it is true the session carries `name`,
 * after the core's own requirements (new password, authenticator enrollment, pledge).
 */
export interface SessionRequirement {
  /** The requirement the session carries while the check holds (src/shared/account.ts). */
  readonly name: Requirement;
  /**
   * A boolean SQL expression over the session's person: `person` is the alias of `people` in the
   * session query, `now` the clock's time for this request.
   */
  readonly sql: (now: Date, person: SQL) => SQL;
}
