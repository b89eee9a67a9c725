import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CoverageDimension, CoveragePeopleQueryInput, CoverageStatus } from '../../../shared/coverage.js';
import type { Role } from '../../../shared/roles.js';
import { coverageApi as c } from '../../../shared/api/coverage.js';
import { call, hrefOf } from '../../api/client.js';

const KEY = ['coverage'] as const;

export function useCoverage() {
  return useQuery({ queryKey: [...KEY, 'summary'], queryFn: ({ signal }) => call(c.summary, {}, signal) });
}
export function useBreakdown(item: string | null, by: CoverageDimension) {
  return useQuery({
    queryKey: [...KEY, 'breakdown', item, by],
    queryFn: ({ signal }) => call(c.breakdown, { query: { item: item!, by } }, signal),
    enabled: !!item,
    placeholderData: keepPreviousData,
  });
}
export interface PeopleParams {
  item: string;
  by: CoverageDimension;
  group: string | null;
  status?: CoverageStatus;
  page: number;
}
/** The drill-down's query: the chosen group as the filter of its dimension. */
function peopleQuery(p: PeopleParams): CoveragePeopleQueryInput {
  const group = p.group ?? undefined;
  return {
    item: p.item,
    institutionId: p.by === 'institution' ? group : undefined,
    researchGroupId: p.by === 'research_group' ? group : undefined,
    unitId: p.by === 'unit' ? group : undefined,
    role: p.by === 'role' ? (group as Role | undefined) : undefined,
    status: p.status,
    page: p.page,
    pageSize: 25,
  };
}
export function useCoveragePeople(p: PeopleParams | null) {
  return useQuery({
    queryKey: [...KEY, 'people', p],
    queryFn: ({ signal }) => call(c.people, { query: peopleQuery(p!) }, signal),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}
export const exportUrl = (item: string, by: CoverageDimension | 'people', format: 'csv' | 'xlsx' | 'pdf', lang: 'ja' | 'en') => hrefOf(c.export, { query: { item, by, format, lang } });
export const educationReportUrl = (fy: number, lang: 'ja' | 'en') => hrefOf(c.educationReport, { query: { fy, lang } });
