import type { RoleAssignment } from '../../../../shared/org.js';
import { ROLE_SCOPE, ROLES, type Role } from '../../../../shared/roles.js';
import { isProblem, PART_LABEL, resolveCode, splitList, type CodeMaps, type Part, type ValueProblem } from './code-lookup.js';

/*
 * The `roles` (役割) cell, one grammar for both template languages:
 *
 *   roles = entry *( ";" entry )      ; "；" and line breaks inside the cell also separate
 *   entry = role [ "@" scope ]
 *   scope = code [ "/" code ]
 *
 * `role` is a role identifier (case-insensitive). The scope a role takes follows ROLE_SCOPE:
 *   security_manager, system_admin, contractor      no scope
 *   researcher                                      @<institution code>
 *   site_coordinator                                @<institution code>/<research group code>
 *   data_center_staff                               @<unit code>  (a data center unit)
 *   operations_office_staff                         @<unit code>  (an operations office unit)
 *   study_office_staff                              @<unit code>  (a study office unit)
 *   steering_committee_member                       @<committee code>  (a steering committee)
 *   committee_member                                @<committee code>
 * e.g. `researcher@INST01; site_coordinator@INST01/RG01; data_center_staff@DC`.
 */

const FIELD: Record<Part, keyof RoleAssignment> = { institution: 'institutionId', researchGroup: 'researchGroupId', unit: 'unitId', committee: 'committeeId' };
const PART_OF: Record<string, Part> = { institutionId: 'institution', researchGroupId: 'researchGroup', unitId: 'unit', committeeId: 'committee' };

/** Scope parts per role, in the order they are written (derived from ROLE_SCOPE so the two never drift). */
export const roleParts = (role: Role): Part[] => ROLE_SCOPE[role].map((f) => PART_OF[f] as Part);

/** Roles whose scope must be a unit or committee of one kind: the staff of a data center work in a data center. */
const UNIT_KIND: Partial<Record<Role, string>> = { data_center_staff: 'data_center', operations_office_staff: 'operations_office', study_office_staff: 'study_office' };
const COMMITTEE_KIND: Partial<Record<Role, string>> = { steering_committee_member: 'steering' };

/** How one role is written, e.g. `site_coordinator@<institution code>/<research group code>`. */
export function roleSyntax(role: Role): string {
  const parts = roleParts(role);
  return parts.length ? `${role}@${parts.map((p) => `<${PART_LABEL[p]} code>`).join('/')}` : role;
}

/** The whole grammar in one sentence, for error messages. */
export const ROLES_HELP = `Write roles as role or role@scope, separated by ";": ${ROLES.map(roleSyntax).join(', ')}.`;

const ROLE_BY_NAME = new Map(ROLES.map((r) => [r, r]));

function parseEntry(entry: string, maps: CodeMaps): RoleAssignment | ValueProblem {
  const at = entry.indexOf('@');
  const name = (at < 0 ? entry : entry.slice(0, at)).trim().toLowerCase().replace(/[\s-]+/g, '_');
  const role = ROLE_BY_NAME.get(name as Role);
  if (!role) return { code: 'UNKNOWN_ROLE', message: `Unknown role "${entry}". ${ROLES_HELP}` };
  const parts = roleParts(role);
  const codes = at < 0 ? [] : entry.slice(at + 1).split('/').map((s) => s.trim());
  if (codes.length !== parts.length || codes.some((c) => c === '')) {
    const expected = parts.length ? `must be written ${roleSyntax(role)}` : `takes no scope: write just ${role}`;
    return { code: 'INVALID_ROLE', message: `"${entry}": ${role} ${expected}.` };
  }
  const assignment: RoleAssignment = { role };
  for (const [i, part] of parts.entries()) {
    const code = codes[i] as string;
    const hit = resolveCode(maps, part, code);
    if (isProblem(hit)) return { code: hit.code, message: `"${entry}": ${hit.message}` };
    const wantKind = part === 'unit' ? UNIT_KIND[role] : part === 'committee' ? COMMITTEE_KIND[role] : undefined;
    if (wantKind && hit.kind !== wantKind) {
      return { code: 'SCOPE_MISMATCH', message: `"${entry}": ${role} needs a ${PART_LABEL[part]} of kind ${wantKind}, but "${code}" is ${hit.kind}.` };
    }
    (assignment as Record<string, unknown>)[FIELD[part]] = hit.id;
  }
  return assignment;
}

/** Parses and resolves a roles cell. Returns every problem in the cell, not just the first. */
export function parseRoles(cell: string, maps: CodeMaps): { roles: RoleAssignment[]; problems: ValueProblem[] } {
  const roles: RoleAssignment[] = [];
  const problems: ValueProblem[] = [];
  for (const entry of splitList(cell)) {
    const r = parseEntry(entry, maps);
    if ('role' in r) roles.push(r);
    else problems.push(r);
  }
  return { roles, problems };
}

/** The identity of an assignment, matching PeopleService's: role plus every scope field. */
export const roleKey = (r: RoleAssignment) => [r.role, r.institutionId ?? '', r.researchGroupId ?? '', r.unitId ?? '', r.committeeId ?? ''].join('|');
