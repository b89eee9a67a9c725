import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import * as S from '../../../shared/org.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { committees, institutions, researchGroups, units } from '../../db/schema/index.js';
import { makeRegistries } from './registries.js';
import type { RegistryService } from './registry.service.js';
import { PeopleService } from './people.service.js';

interface RegistrySchemas {
  path: string;
  tag: string;
  create: z.ZodType;
  update: z.ZodType;
  dto: z.ZodType;
  page: z.ZodType;
  query: z.ZodType;
}

/** The same six routes for every simple registry: list, view, create, edit, deactivate, reactivate. */
function registryRoutes(app: App, svc: RegistryService, s: RegistrySchemas): void {
  const base = `/api/${s.path}`;
  const tags = [s.tag];
  app.get(base, { schema: { tags, querystring: s.query, response: { 200: s.page } } }, async (req) => svc.list(req.actor, req.query as never));
  app.get(`${base}/:id`, { schema: { tags, params: S.IdParam, response: { 200: s.dto } } }, async (req) => svc.get(req.actor, req.params.id));
  app.post(base, { schema: { tags, body: s.create, response: { 201: s.dto } } }, async (req, reply) =>
    reply.code(201).send(await svc.create(req.actor, req.body as Record<string, unknown>)),
  );
  app.patch(`${base}/:id`, { schema: { tags, params: S.IdParam, body: s.update, response: { 200: s.dto } } }, async (req) =>
    svc.update(req.actor, req.params.id, req.body as Record<string, unknown>),
  );
  app.post(`${base}/:id/deactivate`, { schema: { tags, params: S.IdParam, response: { 200: s.dto } } }, async (req) => svc.setActive(req.actor, req.params.id, false));
  app.post(`${base}/:id/reactivate`, { schema: { tags, params: S.IdParam, response: { 200: s.dto } } }, async (req) => svc.setActive(req.actor, req.params.id, true));
}

const Ref = z.object({ id: z.uuid(), code: z.string(), nameJa: z.string(), nameEn: z.string() });
const Options = z.object({ units: z.array(Ref.extend({ kind: S.UnitKind })), institutions: z.array(Ref), researchGroups: z.array(Ref), committees: z.array(Ref) });

/** Organization registry routes. */
export function registerOrgRoutes(app: App, ctx: AppContext): void {
  const r = makeRegistries(ctx);
  registryRoutes(app, r.units, { path: 'units', tag: 'units', create: S.CreateUnit, update: S.UpdateUnit, dto: S.UnitDto, page: S.UnitPage, query: S.ListUnitsQuery });
  registryRoutes(app, r.institutions, { path: 'institutions', tag: 'institutions', create: S.CreateInstitution, update: S.UpdateInstitution, dto: S.InstitutionDto, page: S.InstitutionPage, query: S.ListInstitutionsQuery });
  registryRoutes(app, r.researchGroups, { path: 'research-groups', tag: 'research groups', create: S.CreateResearchGroup, update: S.UpdateResearchGroup, dto: S.ResearchGroupDto, page: S.ResearchGroupPage, query: S.ListResearchGroupsQuery });
  registryRoutes(app, r.studies, { path: 'studies', tag: 'studies', create: S.CreateStudy, update: S.UpdateStudy, dto: S.StudyDto, page: S.StudyPage, query: S.ListStudiesQuery });
  registryRoutes(app, r.committees, { path: 'committees', tag: 'committees', create: S.CreateCommittee, update: S.UpdateCommittee, dto: S.CommitteeDto, page: S.CommitteePage, query: S.ListCommitteesQuery });

  app.get('/api/org/options', { schema: { tags: ['organization'], response: { 200: Options } } }, async (req) => {
    await ctx.authz.require(req.actor, 'org.read');
    const [u, i, g, c] = await Promise.all([
      ctx.db.select({ id: units.id, code: units.code, nameJa: units.nameJa, nameEn: units.nameEn, kind: units.kind }).from(units).where(eq(units.active, true)).orderBy(asc(units.code)),
      ctx.db.select({ id: institutions.id, code: institutions.code, nameJa: institutions.nameJa, nameEn: institutions.nameEn }).from(institutions).where(eq(institutions.active, true)).orderBy(asc(institutions.code)),
      ctx.db.select({ id: researchGroups.id, code: researchGroups.code, nameJa: researchGroups.nameJa, nameEn: researchGroups.nameEn }).from(researchGroups).where(eq(researchGroups.active, true)).orderBy(asc(researchGroups.code)),
      ctx.db.select({ id: committees.id, code: committees.code, nameJa: committees.nameJa, nameEn: committees.nameEn }).from(committees).where(eq(committees.active, true)).orderBy(asc(committees.code)),
    ]);
    return { units: u, institutions: i, researchGroups: g, committees: c };
  });

  const people = new PeopleService(ctx);
  const tags = ['people'];
  app.get('/api/people', { schema: { tags, querystring: S.ListPeopleQuery, response: { 200: S.PersonPage } } }, async (req) => people.list(req.actor, req.query));
  app.get('/api/people/:id', { schema: { tags, params: S.IdParam, response: { 200: S.PersonDto } } }, async (req) => people.get(req.actor, req.params.id));
  app.post('/api/people', { schema: { tags, body: S.CreatePerson, response: { 201: S.PersonDto } } }, async (req, reply) => reply.code(201).send(await people.create(req.actor, req.body)));
  app.patch('/api/people/:id', { schema: { tags, params: S.IdParam, body: S.UpdatePerson, response: { 200: S.PersonDto } } }, async (req) => people.update(req.actor, req.params.id, req.body));
  app.post('/api/people/:id/deactivate', { schema: { tags, params: S.IdParam, response: { 200: S.PersonDto } } }, async (req) => people.setActive(req.actor, req.params.id, false));
  app.post('/api/people/:id/reactivate', { schema: { tags, params: S.IdParam, response: { 200: S.PersonDto } } }, async (req) => people.setActive(req.actor, req.params.id, true));
}
