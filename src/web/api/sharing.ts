import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SharingSignalList } from '../../shared/sharing.js';
import { api } from './client.js';

/** Accounts that look shared; reading the list is audited (it shows IP addresses). */
export function useSharingSignals(days: number) {
  return useQuery({
    queryKey: ['accounts', 'sharing-signals', days],
    queryFn: ({ signal }) => api.get<SharingSignalList>('/api/accounts/sharing-signals', { days }, signal),
    placeholderData: keepPreviousData,
  });
}
