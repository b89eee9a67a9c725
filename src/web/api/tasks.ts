import { useQuery } from '@tanstack/react-query';
import { tasksApi } from '../../shared/api/tasks.js';
import { call } from './client.js';

/** What the signed-in person must deal with (counts of the kinds their permissions allow). */
export function useMyTasks() {
  return useQuery({ queryKey: ['me', 'tasks'], queryFn: ({ signal }) => call(tasksApi.mine, {}, signal) });
}
