import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MailStatus, OutboxMessageDto, OutboxPage } from '../../shared/mail.js';
import { api } from './client.js';

export function useOutbox(page: number, pageSize: number, filters: { status?: MailStatus; q?: string }) {
  return useQuery({
    queryKey: ['mail', 'outbox', page, pageSize, filters],
    queryFn: ({ signal }) => api.get<OutboxPage>('/api/mail/outbox', { page, pageSize, ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

/** One message with its body; reading it is audited, so it is fetched only when opened. */
export function useOutboxMessage(id: number | null) {
  return useQuery({
    queryKey: ['mail', 'message', id],
    queryFn: ({ signal }) => api.get<OutboxMessageDto>(`/api/mail/outbox/${id}`, undefined, signal),
    enabled: id !== null,
    staleTime: Infinity,
  });
}

export function useRetryMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<null>(`/api/mail/outbox/${id}/retry`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
