import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { registrationApi as r } from '../../shared/api/registration.js';
import type { DecideRegistrationChange, RegistrationChangeStatus, SubmitRegistrationChangeInput } from '../../shared/registration.js';
import { call } from './client.js';

const KEY = ['registration-changes'] as const;

/** Requests about me or submitted by me. */
export function useMyRegistrationChanges(page: number) {
  return useQuery({ queryKey: [...KEY, 'mine', page], queryFn: ({ signal }) => call(r.mine, { query: { page, pageSize: 50 } }, signal), placeholderData: keepPreviousData });
}

/** The data center's queue. */
export function useRegistrationQueue(page: number, status: RegistrationChangeStatus | undefined) {
  return useQuery({ queryKey: [...KEY, 'queue', page, status], queryFn: ({ signal }) => call(r.queue, { query: { page, pageSize: 50, status } }, signal), placeholderData: keepPreviousData });
}

export function useRegistrationChange(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => call(r.get, { params: { id: id! } }, signal), enabled: !!id });
}

export function useSubmitRegistrationChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitRegistrationChangeInput) => call(r.submit, { body }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDecideRegistrationChange(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DecideRegistrationChange) => call(r.decide, { params: { id }, body }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['people'] })]),
  });
}

export function useWithdrawRegistrationChange(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(r.withdraw, { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
