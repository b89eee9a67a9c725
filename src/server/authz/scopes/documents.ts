import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Audience } from '../../../shared/audience.js';
import { documents, documentVersions, people, personInstitutions } from '../../db/schema/index.js';
import type { Actor } from '../actor.js';
import { can, coordinates } from '../policy.js';
import { NONE, oneOf, overlaps, type Scope } from './scope.js';

/** Statuses anyone in the audience may read; drafts and versions under review stay with the authors. */
export const PUBLIC_STATUSES = ['published', 'superseded'] as const;
const isPublic = (s: string) => (PUBLIC_STATUSES as readonly string[]).includes(s);

/** Who reads every document, drafts and retired ones included. */
export const readsAllDocuments = (actor: Actor) => can(actor, 'document.read_all');

/** What decides a document's visibility: whether it is retired, its versions' statuses, its audience. */
export interface DocumentScopeRow {
  retiredAt: Date | null;
  audience: Audience;
  versionStatuses: readonly string[];
}

/**
 * Whether the actor is in the audience (src/shared/audience.ts): every dimension that is not empty
 * matches one of the actor's roles, unit, institutions or research groups. The actor is a
 * signed-in person, so their account is active (sessions end with the account).
 */
export function inAudience(actor: Actor, aud: Audience): boolean {
  if (actor.kind !== 'person' || !actor.personId) return false;
  const roles = actor.roles.map((r) => r.role as string);
  return (
    (!aud.roles.length || overlaps(roles, aud.roles)) &&
    (!aud.unitIds.length || oneOf(actor.unitId, aud.unitIds)) &&
    (!aud.institutionIds.length || overlaps(actor.institutionIds, aud.institutionIds)) &&
    (!aud.researchGroupIds.length || overlaps(actor.researchGroupIds, aud.researchGroupIds))
  );
}

/** One audience dimension over `documents.audience`: empty, or one of its entries is one of the actor's. */
function dimension(key: keyof Audience, mine: readonly string[]): SQL {
  const entries = sql`(${documents.audience} -> ${sql.raw(`'${key}'`)})`;
  const match = mine.length
    ? sql`exists (select 1 from jsonb_array_elements_text(${entries}) as e(v) where e.v in (${sql.join(
        mine.map((m) => sql`${m}`),
        sql`, `,
      )}))`
    : NONE;
  return sql`(coalesce(jsonb_array_length(${entries}), 0) = 0 or ${match})`;
}

/**
 * The documents an actor sees (P32-6): everything for central staff, the manager and the steering
 * committee (`document.read_all`); for everyone else the documents not retired, with a published
 * (or superseded) version, whose audience includes them. Others answer 404.
 */
export const documentScope: Scope<DocumentScopeRow> = {
  allows: (actor, d) => readsAllDocuments(actor) || (!d.retiredAt && d.versionStatuses.some(isPublic) && inAudience(actor, d.audience)),
  filter(actor) {
    if (readsAllDocuments(actor)) return undefined;
    if (actor.kind !== 'person' || !actor.personId) return NONE;
    return and(
      isNull(documents.retiredAt),
      sql`exists (select 1 from ${documentVersions} where ${documentVersions.documentId} = ${documents.id} and ${documentVersions.status} in (${sql.join(
        PUBLIC_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      )}))`,
      dimension(
        'roles',
        actor.roles.map((r) => r.role),
      ),
      dimension('unitIds', actor.unitId ? [actor.unitId] : []),
      dimension('institutionIds', actor.institutionIds),
      dimension('researchGroupIds', actor.researchGroupIds),
    );
  },
};

/** What decides whose acknowledgments (and training) one may read: the person and their institutions. */
export interface AcknowledgerScopeRow {
  id: string;
  institutionIds: readonly string[];
}

/**
 * The people whose acknowledgments an actor may read (`document_ack.read`): everyone's for the
 * manager, the data center and the operations office; a site coordinator's own institutions'
 * people; and one's own. The condition is over `people`.
 */
export const acknowledgerScope: Scope<AcknowledgerScopeRow> = {
  allows: (actor, p) => can(actor, 'document_ack.read', { personId: p.id, institutionIds: [...p.institutionIds] }),
  filter(actor) {
    // the rule for nobody in particular holds only for those who read everyone's
    if (can(actor, 'document_ack.read', { institutionIds: [] })) return undefined;
    if (actor.kind !== 'person') return NONE;
    const coordinated = coordinates(actor);
    return (
      or(
        actor.personId ? eq(people.id, actor.personId) : undefined,
        coordinated.length
          ? sql`exists (select 1 from ${personInstitutions} where ${personInstitutions.personId} = ${people.id} and ${personInstitutions.institutionId} in (${sql.join(
              coordinated.map((i) => sql`${i}`),
              sql`, `,
            )}))`
          : undefined,
      ) ?? NONE
    );
  },
};
