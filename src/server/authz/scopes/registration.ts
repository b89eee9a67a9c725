import { eq, inArray, or, sql } from 'drizzle-orm';
import type { RegistrationChangePayload } from '../../../shared/registration.js';
import { personInstitutions, registrationChanges } from '../../db/schema/index.js';
import type { Actor } from '../actor.js';
import { can, coordinates } from '../policy.js';
import { NONE, overlaps, type Scope } from './scope.js';

/** What decides a registration change's visibility: whom it is about, who submitted it, the institutions involved. */
export interface RegistrationChangeScopeRow {
  personId: string;
  submittedBy: string | null;
  change: RegistrationChangePayload;
  /** The institutions of the person it is about. */
  personInstitutionIds: readonly string[];
}

/** The institutions a change names (a move names where from and where to). */
export const institutionsIn = (c: RegistrationChangePayload): string[] => (c.kind === 'move' ? [c.fromInstitutionId, c.toInstitutionId] : []);

/** The person it is about and whoever submitted it: who may withdraw it. */
export const ownsRegistrationChange = (actor: Actor, r: Pick<RegistrationChangeScopeRow, 'personId' | 'submittedBy'>) => !!actor.personId && (r.personId === actor.personId || r.submittedBy === actor.personId);

/**
 * The registration changes an actor sees (P32-2.1.3f): their own (about them or submitted by them),
 * every one for the data center (`registration_change.review`), and for a site coordinator those
 * about a person of, or moving from or to, an institution they coordinate. Others answer 404.
 */
export const registrationChangeScope: Scope<RegistrationChangeScopeRow> = {
  allows(actor, r) {
    if (ownsRegistrationChange(actor, r) || can(actor, 'registration_change.review')) return true;
    return overlaps(coordinates(actor), [...r.personInstitutionIds, ...institutionsIn(r.change)]);
  },
  filter(actor) {
    if (can(actor, 'registration_change.review')) return undefined;
    const mine = coordinates(actor);
    const me = actor.personId;
    const list = () =>
      sql.join(
        mine.map((i) => sql`${i}`),
        sql`, `,
      );
    return (
      or(
        me ? eq(registrationChanges.personId, me) : undefined,
        me ? eq(registrationChanges.submittedBy, me) : undefined,
        mine.length ? inArray(registrationChanges.personId, sql`(select ${personInstitutions.personId} from ${personInstitutions} where ${personInstitutions.institutionId} in (${list()}))`) : undefined,
        mine.length
          ? sql`(${registrationChanges.change} ->> 'kind' = 'move' and (${registrationChanges.change} ->> 'fromInstitutionId' in (${list()}) or ${registrationChanges.change} ->> 'toInstitutionId' in (${list()})))`
          : undefined,
      ) ?? NONE
    );
  },
};
