import type { Action } from '../../shared/permissions.js';
import { ACTIONS } from '../../shared/permissions.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Actor } from './actor.js';

/** What a rule may look at: the scope of the record acted on. */
export interface Resource {
  personId?: string;
  institutionIds?: string[];
  researchGroupIds?: string[];
  unitId?: string | null;
  /** People working on the record (an incident's reporter, assignee and investigators). */
  memberIds?: string[];
}

type Rule = (actor: Actor, resource: Resource | undefined) => boolean;

const has = (actor: Actor, ...roles: Role[]) => actor.roles.some((r) => roles.includes(r.role));
const anyRole = (...roles: Role[]): Rule => (a) => has(a, ...roles);
const signedIn: Rule = (a) => a.kind === 'person';
const intersects = (a: readonly string[], b: readonly string[] | undefined) => !!b && b.some((x) => a.includes(x));
/** The institutions a person is site coordinator of (by role, not by affiliation). */
export const coordinates = (a: Actor): string[] => a.roles.filter((r) => r.role === 'site_coordinator' && r.institutionId).map((r) => r.institutionId as string);

/** Registry administrators: they keep the organization and the people in it. */
const REGISTRY: Role[] = ['security_manager', 'system_admin', 'data_center_staff'];
/** Central staff who see the whole directory. */
export const DIRECTORY: readonly Role[] = ['security_manager', 'system_admin', 'data_center_staff', 'operations_office_staff'];

/**
 * The rules, one per action. Deny by default: an action without a rule, or an actor who is not
 * a signed-in person (the system actor excepted), is refused.
 */
export const RULES: Record<Action, Rule> = {
  'org.read': signedIn,
  'org.manage': anyRole(...REGISTRY),
  'person.list': signedIn,
  'person.read': (a, r) =>
    has(a, ...DIRECTORY) ||
    (!!r?.personId && r.personId === a.personId) ||
    // people at a hospital see colleagues at their own institution; scope, not just role
    (has(a, 'site_coordinator', 'researcher') && intersects(a.institutionIds, r?.institutionIds)) ||
    (has(a, 'study_office_staff') && intersects(a.researchGroupIds, r?.researchGroupIds)),
  'person.manage': anyRole(...REGISTRY),
  'role.grant_privileged': anyRole('security_manager', 'system_admin'),
  'import.run': anyRole(...REGISTRY),
  'audit.read': anyRole('security_manager'),
  'audit.verify': anyRole('security_manager', 'system_admin'),
  'mail.read': anyRole('security_manager', 'system_admin'),
  // P32-2.1.3: the data center issues and manages accounts
  'account.manage': anyRole(...REGISTRY),
  'account.end_all_sessions': anyRole('security_manager', 'system_admin'),
  'credential_loss.manage': anyRole(...REGISTRY),
  'group_credential.manage': anyRole(...REGISTRY),
  // an administrator, or a study office for the research groups it serves
  'group_content.publish': (a, r) => has(a, ...REGISTRY) || (has(a, 'study_office_staff') && (!r || intersects(a.researchGroupIds, r.researchGroupIds))),
  // P32-2.1.3d: only the group's own researchers (members) and its site coordinators; never the data
  // center or the manager, who rotate it without seeing it
  'group_credential.reveal': (a, r) =>
    (has(a, 'researcher') && intersects(a.researchGroupIds, r?.researchGroupIds)) ||
    a.roles.some((x) => x.role === 'site_coordinator' && !!x.researchGroupId && !!r?.researchGroupIds?.includes(x.researchGroupId)),
  // P32-2.1.3e: a site coordinator of the group, to a person of their own institution (resource: the
  // recipient's institutions; researchGroupIds holds the group only when the recipient may hold it)
  'group_credential.resend': (a, r) =>
    a.roles.some(
      (x) =>
        x.role === 'site_coordinator' &&
        !!x.researchGroupId &&
        !!r?.researchGroupIds?.includes(x.researchGroupId) &&
        (r.institutionIds === undefined || (!!x.institutionId && r.institutionIds.includes(x.institutionId))),
    ),
  // members of the group, and whoever may publish for it
  'group_content.read': (a, r) => intersects(a.researchGroupIds, r?.researchGroupIds) || has(a, ...REGISTRY),
  'registration_change.review': anyRole(...REGISTRY),
  'access_review.manage': anyRole(...REGISTRY),
  // a site coordinator acts for the people of the institutions they coordinate, the data center for anyone
  'registration_change.submit_for': (a, r) => has(a, ...REGISTRY) || (coordinates(a).length > 0 && (!r || intersects(coordinates(a), r.institutionIds))),
  'access_review.decide': (a, r) => has(a, ...REGISTRY) || (coordinates(a).length > 0 && (!r || intersects(coordinates(a), r.institutionIds))),
  // P32-1.1: everyone reads the register, within the asset scope (scopes/assets.ts)
  'asset.read': signedIn,
  // the manager and administrator for every asset; data center / operations office staff for the assets
  // their unit owns (resource: the owner unit); researchers and coordinators never edit
  'asset.manage': (a, r) =>
    has(a, 'security_manager', 'system_admin') ||
    a.roles.some((x) => (x.role === 'data_center_staff' || x.role === 'operations_office_staff') && (!r || (!!x.unitId && r.unitId === x.unitId))),
  'asset.export': anyRole('security_manager', 'data_center_staff'),
  'asset.configure': anyRole('security_manager'),
  // P32-2.1.2: anyone signed in sends; a transfer (resource: its sender) is changed only by its sender
  'exchange.send': (a, r) => signedIn(a, r) && (!r?.personId || r.personId === a.personId),
  // the second approver of a special-care transfer: someone in the sender's unit, or (for a site sender)
  // with a site role at the sender's institution; never the sender (resource: sender, unit, institution)
  'exchange.approve': (a, r) => {
    const siteInstitutions = a.roles.filter((x) => (x.role === 'site_coordinator' || x.role === 'researcher') && x.institutionId).map((x) => x.institutionId as string);
    if (!r) return !!a.unitId || siteInstitutions.length > 0;
    if (!r.personId || r.personId === a.personId) return false;
    return (!!a.unitId && r.unitId === a.unitId) || intersects(siteInstitutions, r.institutionIds);
  },
  'exchange.manage': anyRole('security_manager', 'data_center_staff'),
  // P32-1.3: laws and norms are public knowledge; the manager and the data center keep the register
  'law.read': signedIn,
  'law.manage': anyRole('security_manager', 'data_center_staff'),
  // P32-4: everyone reads the risks of the assets they may see (scopes/risks.ts)
  'risk.read': signedIn,
  'risk.manage': anyRole('security_manager', 'data_center_staff', 'operations_office_staff'),
  'risk.accept': anyRole('security_manager'),
  'risk.configure': anyRole('security_manager'),
  // P32-5: the data center and operations office keep the controls; the steering committee oversees them
  'control.read': anyRole('security_manager', 'system_admin', 'data_center_staff', 'operations_office_staff', 'study_office_staff', 'steering_committee_member'),
  'control.manage': anyRole('security_manager', 'data_center_staff', 'operations_office_staff'),
  'soa.export': anyRole('security_manager', 'data_center_staff', 'operations_office_staff', 'steering_committee_member'),
  // P32-6: everyone reads the documents that apply to them (scopes/documents.ts)
  'document.read': signedIn,
  'document.read_all': anyRole('security_manager', 'system_admin', 'data_center_staff', 'operations_office_staff', 'steering_committee_member'),
  'document.manage': anyRole('security_manager', 'data_center_staff', 'operations_office_staff'),
  'document.approve': anyRole('security_manager'),
  'document.publish': anyRole('security_manager'),
  // resource: the person acknowledging, named only when the document applies to them
  'document.acknowledge': (a, r) => signedIn(a, r) && (!r || r.personId === a.personId),
  'document_ack.read': (a, r) =>
    has(a, 'security_manager', 'data_center_staff', 'operations_office_staff') || (!!r?.personId && r.personId === a.personId) || (coordinates(a).length > 0 && (!r || intersects(coordinates(a), r.institutionIds))),
  // P32-2.1.1: anyone reports to the manager; the manager and the data center respond (P32-4)
  'incident.report': signedIn,
  'incident.read': signedIn, // which incidents: scopes/incidents.ts
  'incident.manage': anyRole('security_manager', 'data_center_staff'),
  // APPI Art. 26: the manager sets the reporting clocks' days and which group recipients apply
  'breach.configure': anyRole('security_manager'),
  'breach.waive': anyRole('security_manager'),
  'incident.contribute': (a, r) => has(a, 'security_manager', 'data_center_staff') || (!!a.personId && !!r?.memberIds?.includes(a.personId)),
  // P32-4: the desk works on every corrective action; an action's owner moves their own along
  'incident_action.progress': (a, r) => has(a, 'security_manager', 'data_center_staff') || (!!a.personId && !!r?.personId && r.personId === a.personId),
  'incident_action.accept': anyRole('security_manager'),
  // P32-6: who has acknowledged and been trained; a site coordinator sees their own institution(s) only
  // P32-6: the manager, the data center and the operations office write and run the training
  'course.manage': anyRole('security_manager', 'data_center_staff', 'operations_office_staff'),
  'coverage.read': (a) => has(a, 'security_manager', 'data_center_staff', 'operations_office_staff') || coordinates(a).length > 0,
  'coverage.people': (a, r) =>
    has(a, 'security_manager', 'data_center_staff', 'operations_office_staff') || (coordinates(a).length > 0 && (!r?.institutionIds || r.institutionIds.every((i) => coordinates(a).includes(i)))),
  'coverage.export': (a) => has(a, 'security_manager', 'data_center_staff', 'operations_office_staff') || coordinates(a).length > 0,
  'education_report.export': anyRole('security_manager', 'data_center_staff', 'operations_office_staff', 'steering_committee_member'),
  // P32-7: the manager alone opens cases and decides sanctions; investigators see the cases naming them
  // (scopes/violations.ts; every other case answers 404, to everyone else too)
  'violation.manage': anyRole('security_manager'),
  'violation.investigate': signedIn,
  // P32-7, P32-3: the manager reports to the steering committee; its members may read the anonymized report
  'steering_report.read': anyRole('security_manager', 'steering_committee_member'),
  'steering_report.named': anyRole('security_manager'),
};

/** Whether the actor may perform the action on the resource. */
export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person') return false;
  const rule = RULES[action];
  return rule ? rule(actor, resource) : false;
}

/**
 * The roles whose holders may perform the action without a specific resource, read from the
 * rules themselves (e.g. who approves documents), so a rule change moves every use of it.
 */
export function rolesAllowed(action: Action): Role[] {
  return ROLES.filter((role) =>
    can({ kind: 'person', personId: 'role-probe', sessionId: null, ip: null, userAgent: null, roles: [{ role, institutionId: null, researchGroupId: null, unitId: null, committeeId: null }], unitId: null, institutionIds: [], researchGroupIds: [], committeeIds: [] }, action),
  );
}

/** The actions the actor may perform without a specific resource (for the web UI's menus). */
export function permissionsOf(actor: Actor): Action[] {
  return ACTIONS.filter((a) => can(actor, a));
}

export type DenyHook = (actor: Actor, action: Action, resource?: Resource) => Promise<void> | void;

/** The authorization service: `require` throws ForbiddenError and records the denial. */
export class Authz {
  constructor(private readonly onDeny: DenyHook) {}

  can = can;

  async require(actor: Actor, action: Action, resource?: Resource): Promise<void> {
    if (can(actor, action, resource)) return;
    await this.onDeny(actor, action, resource);
    throw new ForbiddenError(action);
  }

  /**
   * For a record looked up by an id in the request: the denial is recorded like any other, but
   * answered 404 NOT_FOUND exactly as an id that does not exist, so ids outside one's scope cannot
   * be probed. Call it right after the lookup that throws NotFoundError(what) for an unknown id.
   */
  async requireVisible(actor: Actor, action: Action, resource: Resource | undefined, what: string): Promise<void> {
    if (can(actor, action, resource)) return;
    await this.onDeny(actor, action, resource);
    throw new NotFoundError(what);
  }
}
