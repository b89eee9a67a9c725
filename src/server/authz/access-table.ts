import { ROLES, type Role } from '../../shared/roles.js';

/**
 * The building blocks of the expected-access table (route-access.ts). Feature modules describe
 * their own routes with these in `<module>/access.ts`; route-access.ts gathers them.
 */

export type Access = 'allow' | 'deny' | 'hide';
export type TargetScope = 'own' | 'other';
export const TARGET_SCOPES: readonly TargetScope[] = ['own', 'other'];

export type RoleAccess = Readonly<Record<Role, Readonly<Record<TargetScope, Access>>>>;
export type RouteAccess = { readonly public: true } | { readonly public: false; readonly roles: RoleAccess };

/** Reachable without a session. */
export const PUBLIC: RouteAccess = { public: true };

const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as unknown as RoleAccess,
});

/** The same answer for every role, in and out of scope (sign-in still required). */
export function allRoles(access: Access): RouteAccess {
  return table(() => ({ own: access, other: access }));
}

/** These roles may, anywhere; every other role may not. */
export function only(roles: readonly Role[]): RouteAccess {
  return table((r) => (roles.includes(r) ? { own: 'allow', other: 'allow' } : { own: 'deny', other: 'deny' }));
}

/**
 * `anywhere` roles may on any target; `ownScope` roles (every role, if 'all') only on targets in
 * their scope; the rest never. Out of scope the refusal is `refuse` (403 by default).
 */
export function scoped(spec: { anywhere: readonly Role[]; ownScope: readonly Role[] | 'all'; refuse?: 'deny' | 'hide' }): RouteAccess {
  const refuse = spec.refuse ?? 'deny';
  const inOwn = (r: Role) => spec.ownScope === 'all' || spec.ownScope.includes(r);
  return table((r) => (spec.anywhere.includes(r) ? { own: 'allow', other: 'allow' } : inOwn(r) ? { own: 'allow', other: refuse } : { own: refuse, other: refuse }));
}

/** Keep the organization registry and the people in it (P32-2.1.3: the data center issues accounts). */
export const REGISTRY_ADMINS: readonly Role[] = ['security_manager', 'system_admin', 'data_center_staff'];
/** Central staff who see the whole people directory. */
export const DIRECTORY_READERS: readonly Role[] = [...REGISTRY_ADMINS, 'operations_office_staff'];

export const SIGNED_IN = allRoles('allow');
export const REGISTRY = only(REGISTRY_ADMINS);

