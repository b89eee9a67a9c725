import { sql, type SQL } from 'drizzle-orm';
import type { Audience } from '../../shared/audience.js';

/**
 * A condition on `people p` (alias p) that is true for the people in the audience: active accounts
 * only, every non-empty dimension matched (src/shared/audience.ts). Used by documents (who must
 * acknowledge) and training (who must take a course), and by the coverage report that counts them.
 */
export function audienceCondition(aud: Audience, p: SQL = sql.raw('p')): SQL {
  const parts: SQL[] = [sql`${p}.deactivated_at is null`, sql`${p}.account_status = 'active'`];
  const uuids = (ids: string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;
  if (aud.roles.length)
    parts.push(sql`exists (select 1 from role_assignments ra where ra.person_id = ${p}.id and ra.role = any(array[${sql.join(aud.roles.map((r) => sql`${r}`), sql`, `)}]::text[]))`);
  if (aud.unitIds.length) parts.push(sql`${p}.unit_id = any(${uuids(aud.unitIds)})`);
  if (aud.institutionIds.length)
    parts.push(sql`exists (select 1 from person_institutions pi where pi.person_id = ${p}.id and pi.institution_id = any(${uuids(aud.institutionIds)}))`);
  if (aud.researchGroupIds.length)
    parts.push(sql`exists (select 1 from person_research_groups pg where pg.person_id = ${p}.id and pg.research_group_id = any(${uuids(aud.researchGroupIds)}))`);
  return sql.join(parts, sql` and `);
}

/** `select p.id from people p where <audience>`: for insert … select of assignments in one statement. */
export function audiencePeopleQuery(aud: Audience): SQL {
  return sql`select p.id from people p where ${audienceCondition(aud)}`;
}
