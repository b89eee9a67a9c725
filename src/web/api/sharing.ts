import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { securityApi } from '../../shared/api/identity.js';
import { call } from './client.js';

/** Accounts that look shared; reading the list is audited (it shows IP addresses). */
export function useSharingSignals(days: number) {
  return useQuery({
    queryKey: ['accounts', 'sharing-signals', days],
    queryFn: ({ signal }) => call(securityApi.sharingSignals, { query: { days } }, signal),
    placeholderData: keepPreviousData,
  });
}
