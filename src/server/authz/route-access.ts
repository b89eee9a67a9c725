import type { Role } from '../../shared/roles.js';
import { DIRECTORY_READERS, PUBLIC, REGISTRY, REGISTRY_ADMINS, SIGNED_IN, only, scoped, type Access, type RouteAccess, type TargetScope } from './access-table.js';
import { moduleRouteAccess } from '../compose.js';

export * from './access-table.js';

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

/** Every route, `METHOD /url` exactly as Fastify registers it. */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // ---- system: health checks and the OpenAPI document ------------------------------------------
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  // ---- metrics: no session; only `Authorization: Bearer <METRICS_TOKEN>` opens it (unknown route without METRICS_TOKEN)
  'GET /metrics': PUBLIC,

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
    refuse: 'hide', // 404 as for an unknown id (still audited authz.denied): ids cannot be probed
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

  // ---- the email outbox: it holds one-time links, so only the manager and administrators ------
  'GET /api/mail/outbox': only(['security_manager', 'system_admin']),
  'GET /api/mail/outbox/:id': only(['security_manager', 'system_admin']),
  'POST /api/mail/outbox/:id/retry': only(['security_manager', 'system_admin']),

  // ---- feature modules describe their own routes in src/server/modules/<module>/access.ts ------
  ...moduleRouteAccess(),
};

/** The expected answer for one route, role and target scope; undefined for a route not in the table. */
export function expectedAccess(route: string, role: Role, scope: TargetScope): Access | 'public' | undefined {
  const entry = ROUTE_ACCESS[route];
  if (!entry) return undefined;
  return entry.public ? 'public' : entry.roles[role][scope];
}
