import { eq } from 'drizzle-orm';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../../authz/actor.js';
import type { Conn } from '../../db/client.js';
import { people, personCommittees, personInstitutions, personResearchGroups, roleAssignments } from '../../db/schema/index.js';

/** The actor a session of this person would carry (for tests and access fixtures that call services directly). */
export async function actorOf(conn: Conn, personId: string): Promise<Actor> {
  const [p] = await conn.select({ unitId: people.unitId }).from(people).where(eq(people.id, personId));
  const roles = await conn.select().from(roleAssignments).where(eq(roleAssignments.personId, personId));
  const insts = await conn.select({ id: personInstitutions.institutionId }).from(personInstitutions).where(eq(personInstitutions.personId, personId));
  const groups = await conn.select({ id: personResearchGroups.researchGroupId }).from(personResearchGroups).where(eq(personResearchGroups.personId, personId));
  const comms = await conn.select({ id: personCommittees.committeeId }).from(personCommittees).where(eq(personCommittees.personId, personId));
  return {
    kind: 'person',
    personId,
    sessionId: null,
    ip: '127.0.0.1',
    userAgent: 'vitest',
    roles: roles.map((r) => ({ role: r.role as Role, institutionId: r.institutionId, researchGroupId: r.researchGroupId, unitId: r.unitId, committeeId: r.committeeId })),
    unitId: p?.unitId ?? null,
    institutionIds: insts.map((i) => i.id),
    researchGroupIds: groups.map((g) => g.id),
    committeeIds: comms.map((c) => c.id),
  };
}
