import type { Role } from '../../../shared/roles.js';
import { ROLES } from '../../../shared/roles.js';
import { SIGNED_IN, only, type Access, type RouteAccess, type TargetScope } from '../../authz/access-table.js';

const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as unknown as Extract<RouteAccess, { public: false }>['roles'],
});

/** Who writes and runs training (P32-6): the manager, the data center, the operations office. */
const AUTHORS: readonly Role[] = ['security_manager', 'data_center_staff', 'operations_office_staff'];
const AUTHORING = only(AUTHORS);
/**
 * A person's own assignment (own) or someone else's (other): authors see any; everyone else
 * only their own, and someone else's is "not found".
 */
const SEE_ASSIGNMENT = table((r) => (AUTHORS.includes(r) ? { own: 'allow', other: 'allow' } : { own: 'allow', other: 'hide' }));
/** Taking the quiz: only the person the course is assigned to, whatever their role. */
const TAKE = table(() => ({ own: 'allow', other: 'hide' }));

/**
 * Training (P32-6). "Own" is the actor's own assignment (or a lesson file of a course assigned to
 * them), "other" another person's (a file of a course not assigned to them).
 */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/courses': AUTHORING,
  'POST /api/courses': AUTHORING,
  'GET /api/courses/:id': AUTHORING,
  'PATCH /api/courses/:id': AUTHORING,
  'POST /api/courses/:id/publish': AUTHORING,
  'POST /api/courses/:id/retire': AUTHORING,
  'POST /api/courses/:id/lessons': AUTHORING,
  'PATCH /api/course-lessons/:id': AUTHORING,
  'DELETE /api/course-lessons/:id': AUTHORING,
  'POST /api/course-lessons/:id/files': AUTHORING,
  'DELETE /api/course-files/:id': AUTHORING,
  'GET /api/course-files/:id': SEE_ASSIGNMENT,
  'POST /api/courses/:id/questions': AUTHORING,
  'PUT /api/course-questions/:id': AUTHORING,
  'DELETE /api/course-questions/:id': AUTHORING,
  'GET /api/my-course-assignments': SIGNED_IN,
  'GET /api/course-assignments/:id': SEE_ASSIGNMENT,
  'POST /api/course-assignments/:id/attempts': TAKE,
  'POST /api/quiz-attempts/:id/submit': TAKE,
  'GET /api/course-assignments/:id/certificate': SEE_ASSIGNMENT,
};
