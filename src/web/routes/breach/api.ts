import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { breachApi as b } from '../../../shared/api/breach.js';
import type { BoardStateFilter, ClockChangeInput, PpcReportQueryInput, SaveAssessmentInput, UpdateBreachSettings, WaiveClock } from '../../../shared/breach.js';
import type { ClockKind } from '../../../shared/incidents.js';
import { call, hrefOf } from '../../api/client.js';

/** Assessment, clocks and the board move together; the incident page (its timeline) too. */
const KEY = ['breach'] as const;

function useInvalidate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['incidents'] })]);
}

export function useAssessment(incidentId: string) {
  return useQuery({ queryKey: [...KEY, 'assessment', incidentId], queryFn: ({ signal }) => call(b.assessment, { params: { id: incidentId } }, signal) });
}
export function useSaveAssessment(incidentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: SaveAssessmentInput) => call(b.saveAssessment, { params: { id: incidentId }, body }), onSuccess: done });
}

export function useClocks(incidentId: string) {
  return useQuery({ queryKey: [...KEY, 'clocks', incidentId], queryFn: ({ signal }) => call(b.clocks, { params: { id: incidentId } }, signal) });
}
export function useChangeClock(incidentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ kind, body }: { kind: ClockKind; body: ClockChangeInput }) => call(b.changeClock, { params: { id: incidentId, kind }, body }), onSuccess: done });
}

/** The manager waives a pending clock with a reason, or withdraws the waiver. */
export function useWaiveClock(incidentId: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ kind, body }: { kind: ClockKind; body: WaiveClock | null }) =>
      body ? call(b.waiveClock, { params: { id: incidentId, kind }, body }) : call(b.withdrawWaiver, { params: { id: incidentId, kind } }),
    onSuccess: done,
  });
}

export function useBoard(state: BoardStateFilter) {
  return useQuery({
    queryKey: [...KEY, 'board', state],
    queryFn: ({ signal }) => call(b.board, { query: { state } }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useBreachSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: ({ signal }) => call(b.settings, {}, signal) });
}
export function useSaveBreachSettings() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateBreachSettings) => call(b.updateSettings, { body }), onSuccess: done });
}

export const ppcReportUrl = (incidentId: string, format: PpcReportQueryInput['format'], lang: 'ja' | 'en', stage: 'preliminary' | 'final') =>
  hrefOf(b.ppcReport, { params: { id: incidentId }, query: { format, lang, stage } });
