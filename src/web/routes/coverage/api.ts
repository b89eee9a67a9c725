import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CoverageBreakdown, CoverageDimension, CoveragePeoplePage, CoverageStatus, CoverageSummary } from '../../../shared/coverage.js';
import { api, buildUrl } from '../../api/client.js';

const KEY = ['coverage'] as const;

export function useCoverage() {
  return useQuery({ queryKey: [...KEY, 'summary'], queryFn: ({ signal }) => api.get<CoverageSummary>('/api/coverage', undefined, signal) });
}
export function useBreakdown(item: string | null, by: CoverageDimension) {
  return useQuery({
    queryKey: [...KEY, 'breakdown', item, by],
    queryFn: ({ signal }) => api.get<CoverageBreakdown>('/api/coverage/breakdown', { item, by }, signal),
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
export function useCoveragePeople(p: PeopleParams | null) {
  const filter = p ? { institution: 'institutionId', research_group: 'researchGroupId', unit: 'unitId', role: 'role' }[p.by] : null;
  return useQuery({
    queryKey: [...KEY, 'people', p],
    queryFn: ({ signal }) => api.get<CoveragePeoplePage>('/api/coverage/people', { item: p!.item, [filter!]: p!.group ?? undefined, status: p!.status, page: p!.page, pageSize: 25 }, signal),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}
export const exportUrl = (item: string, by: CoverageDimension | 'people', format: 'csv' | 'xlsx' | 'pdf', lang: 'ja' | 'en') => buildUrl('/api/coverage/export', { item, by, format, lang });
export const educationReportUrl = (fy: number, lang: 'ja' | 'en') => buildUrl('/api/education-report', { fy, lang });
