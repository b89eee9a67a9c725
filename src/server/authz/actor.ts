import type { Role } from '../../shared/roles.js';

export interface ActorRole {
  role: Role;
  institutionId: string | null;
  researchGroupId: string | null;
  unitId: string | null;
  committeeId: string | null;
}

/** Who is acting: a signed-in person, the system (CLI, jobs) or an anonymous visitor. Loaded fresh on every request. */
export interface Actor {
  kind: 'person' | 'system' | 'anonymous';
  personId: string | null;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
  roles: ActorRole[];
  unitId: string | null;
  institutionIds: string[];
  researchGroupIds: string[];
  committeeIds: string[];
}

export function anonymousActor(ip: string | null = null, userAgent: string | null = null): Actor {
  return { kind: 'anonymous', personId: null, sessionId: null, ip, userAgent, roles: [], unitId: null, institutionIds: [], researchGroupIds: [], committeeIds: [] };
}

/** The actor for CLI commands and scheduled jobs: allowed everything, recorded as the system in the audit log. */
export function systemActor(note = 'cli'): Actor {
  return { kind: 'system', personId: null, sessionId: null, ip: null, userAgent: note, roles: [], unitId: null, institutionIds: [], researchGroupIds: [], committeeIds: [] };
}
