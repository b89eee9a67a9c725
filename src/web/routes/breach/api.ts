import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssessmentDto, BoardDto, BoardStateFilter, BreachSettingsDto, ClockChangeInput, ClockDto, ClockList, SaveAssessmentInput, UpdateBreachSettings, WaiveClock } from '../../../shared/breach.js';
import type { ClockKind } from '../../../shared/incidents.js';
import { api, buildUrl } from '../../api/client.js';

/** Assessment, clocks and the board move together; the incident page (its timeline) too. */
const KEY = ['breach'] as const;

function useInvalidate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['incidents'] })]);
}

export function useAssessment(incidentId: string) {
  return useQuery({ queryKey: [...KEY, 'assessment', incidentId], queryFn: ({ signal }) => api.get<AssessmentDto>(`/api/incidents/${incidentId}/assessment`, undefined, signal) });
}
export function useSaveAssessment(incidentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: SaveAssessmentInput) => api.put<AssessmentDto>(`/api/incidents/${incidentId}/assessment`, body), onSuccess: done });
}

export function useClocks(incidentId: string) {
  return useQuery({ queryKey: [...KEY, 'clocks', incidentId], queryFn: ({ signal }) => api.get<ClockList>(`/api/incidents/${incidentId}/clocks`, undefined, signal) });
}
export function useChangeClock(incidentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ kind, body }: { kind: ClockKind; body: ClockChangeInput }) => api.post<ClockDto>(`/api/incidents/${incidentId}/clocks/${kind}`, body), onSuccess: done });
}

/** The manager waives a pending clock with a reason, or withdraws the waiver. */
export function useWaiveClock(incidentId: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ kind, body }: { kind: ClockKind; body: WaiveClock | null }) =>
      body ? api.post<ClockDto>(`/api/incidents/${incidentId}/clocks/${kind}/waiver`, body) : api.delete<ClockDto>(`/api/incidents/${incidentId}/clocks/${kind}/waiver`),
    onSuccess: done,
  });
}

export function useBoard(state: BoardStateFilter) {
  return useQuery({
    queryKey: [...KEY, 'board', state],
    queryFn: ({ signal }) => api.get<BoardDto>('/api/breach/board', { state }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useBreachSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: ({ signal }) => api.get<BreachSettingsDto>('/api/breach/settings', undefined, signal) });
}
export function useSaveBreachSettings() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateBreachSettings) => api.put<BreachSettingsDto>('/api/breach/settings', body), onSuccess: done });
}

export const ppcReportUrl = (incidentId: string, format: 'pdf' | 'docx' | 'xlsx', lang: 'ja' | 'en', stage: 'preliminary' | 'final') =>
  buildUrl(`/api/incidents/${incidentId}/ppc-report`, { format, lang, stage });
