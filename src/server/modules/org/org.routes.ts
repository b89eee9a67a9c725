import { orgApi, peopleApi as p, registriesApi } from '../../../shared/api/org.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { OrgOptionsService } from './org-options.service.js';
import { PeopleService } from './people.service.js';
import { makeRegistries } from './registries.js';
import type { RegistryService } from './registry.service.js';

type RegistryApi = (typeof registriesApi)[keyof typeof registriesApi];

/**
 * The same six routes for every simple registry: list, view, create, edit, deactivate, reactivate.
 * The registry service is shared by the five registries and returns untyped rows; the declared
 * response schema of each registry shapes them.
 */
function registryRoutes(app: App, svc: RegistryService, a: RegistryApi): void {
  route(app, a.list, async (req) => (await svc.list(req.actor, req.query as never)) as never);
  route(app, a.get, async (req) => (await svc.get(req.actor, req.params.id)) as never);
  route(app, a.create, async (req) => (await svc.create(req.actor, req.body as Record<string, unknown>)) as never);
  route(app, a.update, async (req) => (await svc.update(req.actor, req.params.id, req.body as Record<string, unknown>)) as never);
  route(app, a.deactivate, async (req) => (await svc.setActive(req.actor, req.params.id, false)) as never);
  route(app, a.reactivate, async (req) => (await svc.setActive(req.actor, req.params.id, true)) as never);
}

/** Organization registry routes, the options for pickers, and people. */
export function registerOrgRoutes(app: App, ctx: AppContext): void {
  const r = makeRegistries(ctx);
  registryRoutes(app, r.units, registriesApi.units);
  registryRoutes(app, r.institutions, registriesApi.institutions);
  registryRoutes(app, r.researchGroups, registriesApi['research-groups']);
  registryRoutes(app, r.studies, registriesApi.studies);
  registryRoutes(app, r.committees, registriesApi.committees);

  const options = new OrgOptionsService(ctx);
  route(app, orgApi.options, async (req) => options.options(req.actor));

  const people = new PeopleService(ctx);
  route(app, p.list, async (req) => people.list(req.actor, req.query));
  route(app, p.get, async (req) => people.get(req.actor, req.params.id));
  route(app, p.create, async (req) => people.create(req.actor, req.body));
  route(app, p.update, async (req) => people.update(req.actor, req.params.id, req.body));
  route(app, p.deactivate, async (req) => people.setActive(req.actor, req.params.id, false));
  route(app, p.reactivate, async (req) => people.setActive(req.actor, req.params.id, true));
}
