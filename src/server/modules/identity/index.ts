import type { ModuleManifest } from '../../module.js';
import type { AppContext } from '../../context.js';
import { ROUTE_ACCESS } from './access.js';
import { registerAuth } from './auth.routes.js';
import { AuthService } from './auth.service.js';
import { identityTasks } from './identity.tasks.js';

const built = new WeakMap<AppContext, AuthService>();

/** The sign-in service of one application (routes, jobs and tests share it). */
export function authOf(ctx: AppContext): AuthService {
  let auth = built.get(ctx);
  if (!auth) {
    auth = new AuthService(ctx, ctx.sessions);
    built.set(ctx, auth);
  }
  return auth;
}

/** Sessions, sign-in with TOTP, password policy and throttling, first-run setup. */
export const identityModule: ModuleManifest = {
  name: 'identity',
  routes: (app, ctx) => registerAuth(app, ctx, authOf(ctx), ctx.sessions),
  jobs: (ctx) => [{ name: 'identity.prune_auth_failures', everyMs: 3_600_000, run: async (now) => ({ pruned: await authOf(ctx).throttle.prune(now) }) }],
  access: ROUTE_ACCESS,
  tasks: identityTasks,
};
