import { useQuery } from '@tanstack/react-query';
import type { MyTaskList } from '../../../shared/coverage.js';
import { api } from '../../api/client.js';

/** What the signed-in person must read and take, and what they have done. */
export function useMyTaskList() {
  return useQuery({ queryKey: ['my-tasks'], queryFn: ({ signal }) => api.get<MyTaskList>('/api/my-tasks', undefined, signal) });
}
