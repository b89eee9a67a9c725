import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { mailApi } from '../../shared/api/mail.js';
import type { MailStatus } from '../../shared/mail.js';
import { call } from './client.js';

export function useOutbox(page: number, pageSize: number, filters: { status?: MailStatus; q?: string }) {
  return useQuery({
    queryKey: ['mail', 'outbox', page, pageSize, filters],
    queryFn: ({ signal }) => call(mailApi.outbox, { query: { page, pageSize, ...filters } }, signal),
    placeholderData: keepPreviousData,
  });
}

/** One message with its body; reading it is audited, so it is fetched only when opened. */
export function useOutboxMessage(id: number | null) {
  return useQuery({
    queryKey: ['mail', 'message', id],
    queryFn: ({ signal }) => call(mailApi.message, { params: { id: id! } }, signal),
    enabled: id !== null,
    staleTime: Infinity,
  });
}

export function useRetryMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => call(mailApi.retry, { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
