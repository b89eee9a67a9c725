import { MyTasks } from '../tasks.js';
import { defineApi } from './endpoint.js';

/** The home page's "needs your attention" counts. */
export const tasksApi = defineApi(
  { tags: ['home'] },
  {
    mine: { method: 'GET', path: '/api/me/tasks', response: MyTasks },
  },
);
