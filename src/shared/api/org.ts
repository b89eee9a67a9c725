import type { z } from 'zod';
import * as S from '../org.js';
import { defineApi } from './endpoint.js';

interface RegistrySchemas<Q extends z.ZodType, C extends z.ZodType, U extends z.ZodType, D extends z.ZodType, P extends z.ZodType> {
  query: Q;
  create: C;
  update: U;
  dto: D;
  page: P;
}

/** The same six endpoints for every simple registry: list, view, create, edit, deactivate, reactivate. */
function registryApi<const N extends string, Q extends z.ZodType, C extends z.ZodType, U extends z.ZodType, D extends z.ZodType, P extends z.ZodType>(
  name: N,
  tag: string,
  s: RegistrySchemas<Q, C, U, D, P>,
) {
  const base = `/api/${name}` as const;
  return defineApi(
    { tags: [tag] },
    {
      list: { method: 'GET', path: base, query: s.query, response: s.page },
      get: { method: 'GET', path: `${base}/:id` as const, params: S.IdParam, response: s.dto },
      create: { method: 'POST', path: base, body: s.create, response: s.dto, status: 201 },
      update: { method: 'PATCH', path: `${base}/:id` as const, params: S.IdParam, body: s.update, response: s.dto },
      deactivate: { method: 'POST', path: `${base}/:id/deactivate` as const, params: S.IdParam, response: s.dto },
      reactivate: { method: 'POST', path: `${base}/:id/reactivate` as const, params: S.IdParam, response: s.dto },
    },
  );
}

/** The organization registries, named as in their API paths. */
export const registriesApi = {
  units: registryApi('units', 'units', { query: S.ListUnitsQuery, create: S.CreateUnit, update: S.UpdateUnit, dto: S.UnitDto, page: S.UnitPage }),
  institutions: registryApi('institutions', 'institutions', { query: S.ListInstitutionsQuery, create: S.CreateInstitution, update: S.UpdateInstitution, dto: S.InstitutionDto, page: S.InstitutionPage }),
  'research-groups': registryApi('research-groups', 'research groups', {
    query: S.ListResearchGroupsQuery,
    create: S.CreateResearchGroup,
    update: S.UpdateResearchGroup,
    dto: S.ResearchGroupDto,
    page: S.ResearchGroupPage,
  }),
  studies: registryApi('studies', 'studies', { query: S.ListStudiesQuery, create: S.CreateStudy, update: S.UpdateStudy, dto: S.StudyDto, page: S.StudyPage }),
  committees: registryApi('committees', 'committees', { query: S.ListCommitteesQuery, create: S.CreateCommittee, update: S.UpdateCommittee, dto: S.CommitteeDto, page: S.CommitteePage }),
} as const;

/** The active registry entries for pickers. */
export const orgApi = defineApi(
  { tags: ['organization'] },
  {
    options: { method: 'GET', path: '/api/org/options', response: S.OrgOptionsDto },
  },
);

/** People: the register of persons with their affiliations and roles. */
export const peopleApi = defineApi(
  { tags: ['people'] },
  {
    list: { method: 'GET', path: '/api/people', query: S.ListPeopleQuery, response: S.PersonPage },
    get: { method: 'GET', path: '/api/people/:id', params: S.IdParam, response: S.PersonDto },
    create: { method: 'POST', path: '/api/people', body: S.CreatePerson, response: S.PersonDto, status: 201 },
    update: { method: 'PATCH', path: '/api/people/:id', params: S.IdParam, body: S.UpdatePerson, response: S.PersonDto },
    deactivate: { method: 'POST', path: '/api/people/:id/deactivate', params: S.IdParam, response: S.PersonDto },
    reactivate: { method: 'POST', path: '/api/people/:id/reactivate', params: S.IdParam, response: S.PersonDto },
  },
);
