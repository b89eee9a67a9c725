import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DecideRegistrationChange, RegistrationChangeDto, RegistrationChangePage, RegistrationChangeStatus, SubmitRegistrationChangeInput } from '../../shared/registration.js';
import { api } from './client.js';

const KEY = ['registration-changes'] as const;

/** Requests about me or submitted by me. */
export function useMyRegistrationChanges(page: number) {
  return useQuery({ queryKey: [...KEY, 'mine', page], queryFn: ({ signal }) => api.get<RegistrationChangePage>('/api/registration-changes', { page, pageSize: 50 }, signal), placeholderData: keepPreviousData });
}

/** The data center's queue. */
export function useRegistrationQueue(page: number, status: RegistrationChangeStatus | undefined) {
  return useQuery({ queryKey: [...KEY, 'queue', page, status], queryFn: ({ signal }) => api.get<RegistrationChangePage>('/api/registration-changes/queue', { page, pageSize: 50, status }, signal), placeholderData: keepPreviousData });
}

export function useRegistrationChange(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => api.get<RegistrationChangeDto>(`/api/registration-changes/${id}`, undefined, signal), enabled: !!id });
}

export function useSubmitRegistrationChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitRegistrationChangeInput) => api.post<RegistrationChangeDto>('/api/registration-changes', body),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDecideRegistrationChange(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DecideRegistrationChange) => api.post<RegistrationChangeDto>(`/api/registration-changes/${id}/decision`, body),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['people'] })]),
  });
}

export function useWithdrawRegistrationChange(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<RegistrationChangeDto>(`/api/registration-changes/${id}/withdraw`),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
