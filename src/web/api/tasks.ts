import { useQuery } from '@tanstack/react-query';
import type { MyTasks } from '../../shared/tasks.js';
import { api } from './client.js';

/** What the signed-in person must deal with (counts of the kinds their permissions allow). */
export function useMyTasks() {
  return useQuery({ queryKey: ['me', 'tasks'], queryFn: ({ signal }) => api.get<MyTasks>('/api/me/tasks', undefined, signal) });
}
