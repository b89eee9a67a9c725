import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { steeringApi } from '../../../shared/api/steering.js';
import type { ReportNames } from '../../../shared/steering.js';
import { call, hrefOf } from '../../api/client.js';

export interface ReportParams {
  from: string;
  to: string;
  names: ReportNames;
}

export function useSteeringReport(p: ReportParams) {
  return useQuery({ queryKey: ['steering-report', p], queryFn: ({ signal }) => call(steeringApi.report, { query: { ...p } }, signal), placeholderData: keepPreviousData });
}

export const steeringPdfUrl = (p: ReportParams, lang: 'ja' | 'en') => hrefOf(steeringApi.pdf, { query: { from: p.from, to: p.to, names: p.names, lang } });
