import { sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../actor.js';

/**
 * Who sees which records of one kind, in the two forms the services need, side by side:
 *
 * - `allows(actor, row)` decides for one record in memory (a record already loaded, a DTO's flags);
 * - `filter(actor)` is the same rule as a Drizzle condition for a list query over the kind's table
 *   (undefined: every row; `sql\`false\``: none).
 *
 * scopes.test.ts inserts generated records for generated actors into a real database and checks
 * that the filter returns exactly the rows `allows` accepts, so the two forms cannot drift apart.
 * The actions themselves (who may do what at all) stay in policy.ts; a scope answers only "which
 * of these records", and its `allows` uses the policy's rules wherever a rule already says it.
 */
export interface Scope<Row> {
  allows(actor: Actor, row: Row): boolean;
  filter(actor: Actor): SQL | undefined;
}

/** Never a person's id: stands in for "no person" in conditions that compare ids. */
export const NOBODY = '00000000-0000-0000-0000-000000000000';

export const NONE: SQL = sql`false`;

export const hasRole = (actor: Actor, ...roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r.role));

/** The scope values of one kind carried by some of the actor's roles (a role's unit, institution, research group). */
export const roleScopes = (actor: Actor, roles: readonly Role[], field: 'unitId' | 'institutionId' | 'researchGroupId'): string[] => [
  ...new Set(actor.roles.filter((r) => roles.includes(r.role) && r[field]).map((r) => r[field] as string)),
];

/** Whether a nullable id is one of these (SQL `col in (…)` is never true for NULL). */
export const oneOf = (id: string | null | undefined, ids: readonly string[]) => !!id && ids.includes(id);

export const overlaps = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** `value in (ids)` over uuid values: false for an empty list. */
export const inIds = (value: SQL | unknown, ids: readonly string[]): SQL =>
  ids.length ? sql`${value} in (${sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  )})` : NONE;

/** A scope's condition as a selected column: whether this row is in the actor's scope. */
export const inScope = (cond: SQL | undefined): SQL<boolean> => (cond ? sql<boolean>`coalesce((${cond}), false)` : sql<boolean>`true`);
