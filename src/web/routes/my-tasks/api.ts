import { useQuery } from '@tanstack/react-query';
import { coverageApi } from '../../../shared/api/coverage.js';
import { call } from '../../api/client.js';

/** What the signed-in person must read and take, and what they have done. */
export function useMyTaskList() {
  return useQuery({ queryKey: ['my-tasks'], queryFn: ({ signal }) => call(coverageApi.myTasks, {}, signal) });
}
