import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReportNames, SteeringReportDto } from '../../../shared/steering.js';
import { api } from '../../api/client.js';

export interface ReportParams {
  from: string;
  to: string;
  names: ReportNames;
}

export function useSteeringReport(p: ReportParams) {
  return useQuery({ queryKey: ['steering-report', p], queryFn: ({ signal }) => api.get<SteeringReportDto>('/api/steering-report', { ...p }, signal), placeholderData: keepPreviousData });
}

export const steeringPdfUrl = (p: ReportParams, lang: 'ja' | 'en') => `/api/steering-report/pdf?from=${p.from}&to=${p.to}&names=${p.names}&lang=${lang}`;
