import { ROLES, type Role } from '../../shared/roles.js';

/**
 * Who may call which route: the expected-access table, written for an auditor and checked
 * against the running application by `route-access.test.ts` (every route, every role, in and out
 * of scope, plus anonymous). It is deliberately written out by hand rather than derived from
 * `policy.ts`, so a change to the rules that is not also made here fails the test.
 *
 * Reading an entry:
 * - `PUBLIC` — reachable without signing in.
 * - otherwise, for each role, `own` and `other`: whether a person holding only that role may call
 *   the route on a target inside their scope (`own`: e.g. a person at their own institution or
 *   in their own research group) or outside it (`other`: e.g. a person at another institution).
 *   For routes without a scoped target (lists, registries, the audit log) both are the same.
 * - `hide` is a refusal that answers 404, as if the target did not exist, so ids cannot be probed.
 * - A signed-in person may always read their own person record; that is not a column here and
 *   is tested separately.
 *
 * Left out: `HEAD` routes Fastify adds for every `GET`; the web app's static files; and the API
 * documentation under `/api/docs` (Swagger UI), which is public by design (the test asserts so).
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

const SIGNED_IN = allRoles('allow');
const REGISTRY = only(REGISTRY_ADMINS);

/** Every route, `METHOD /url` exactly as Fastify registers it. */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // ---- system: health checks and the OpenAPI document ------------------------------------------
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /api/openapi.json': PUBLIC,

  // ---- identity: the session, sign-in, sign-out, first-run setup -------------------------------
  'GET /api/session': PUBLIC,
  'POST /api/auth/sign-in': PUBLIC,
  'POST /api/auth/sign-out': PUBLIC, // without a session it only clears the cookie
  'POST /api/setup': PUBLIC, // needs the one-time setup link's token

  // ---- organization registry: everyone signed in reads it; registry administrators change it ---
  'GET /api/units': SIGNED_IN,
  'GET /api/units/:id': SIGNED_IN,
  'POST /api/units': REGISTRY,
  'PATCH /api/units/:id': REGISTRY,
  'POST /api/units/:id/deactivate': REGISTRY,
  'POST /api/units/:id/reactivate': REGISTRY,

  'GET /api/institutions': SIGNED_IN,
  'GET /api/institutions/:id': SIGNED_IN,
  'POST /api/institutions': REGISTRY,
  'PATCH /api/institutions/:id': REGISTRY,
  'POST /api/institutions/:id/deactivate': REGISTRY,
  'POST /api/institutions/:id/reactivate': REGISTRY,

  'GET /api/research-groups': SIGNED_IN,
  'GET /api/research-groups/:id': SIGNED_IN,
  'POST /api/research-groups': REGISTRY,
  'PATCH /api/research-groups/:id': REGISTRY,
  'POST /api/research-groups/:id/deactivate': REGISTRY,
  'POST /api/research-groups/:id/reactivate': REGISTRY,

  'GET /api/studies': SIGNED_IN,
  'GET /api/studies/:id': SIGNED_IN,
  'POST /api/studies': REGISTRY,
  'PATCH /api/studies/:id': REGISTRY,
  'POST /api/studies/:id/deactivate': REGISTRY,
  'POST /api/studies/:id/reactivate': REGISTRY,

  'GET /api/committees': SIGNED_IN,
  'GET /api/committees/:id': SIGNED_IN,
  'POST /api/committees': REGISTRY,
  'PATCH /api/committees/:id': REGISTRY,
  'POST /api/committees/:id/deactivate': REGISTRY,
  'POST /api/committees/:id/reactivate': REGISTRY,

  'GET /api/org/options': SIGNED_IN, // active entries for pickers

  // ---- people: personal information, so reading one person is scoped ---------------------------
  'GET /api/people': SIGNED_IN, // everyone may list, but sees only whom they may read (see policy.ts personVisibility)
  'GET /api/people/:id': scoped({
    anywhere: DIRECTORY_READERS,
    // colleagues at their own institution; a study office, the people of its research groups
    ownScope: ['site_coordinator', 'researcher', 'study_office_staff'],
  }),
  'POST /api/people': REGISTRY, // granting security_manager / system_admin further needs one of those two roles
  'PATCH /api/people/:id': REGISTRY,
  'POST /api/people/:id/deactivate': REGISTRY,
  'POST /api/people/:id/reactivate': REGISTRY,

  // ---- CSV import of institutions and people ---------------------------------------------------
  'POST /api/imports/:kind': REGISTRY,
  // own = a job the caller started; someone else's job is answered 404 unless the caller may import
  'GET /api/imports/:id': scoped({ anywhere: REGISTRY_ADMINS, ownScope: 'all', refuse: 'hide' }),
  'GET /api/imports/templates/:kind': REGISTRY,

  // ---- audit log (P32-1.2.2) ---------------------------------------------------------------------
  'GET /api/audit': only(['security_manager']),
  'POST /api/audit/verify': only(['security_manager', 'system_admin']),
  'POST /api/audit/checkpoints': only(['security_manager', 'system_admin']),
};

/** The expected answer for one route, role and target scope; undefined for a route not in the table. */
export function expectedAccess(route: string, role: Role, scope: TargetScope): Access | 'public' | undefined {
  const entry = ROUTE_ACCESS[route];
  if (!entry) return undefined;
  return entry.public ? 'public' : entry.roles[role][scope];
}
