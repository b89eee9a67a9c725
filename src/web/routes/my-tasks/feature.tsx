import { IconChecklist } from '@tabler/icons-react';
import type { Feature } from '../../features.js';
import { MyTasksPage } from './my-tasks-page.js';

/** A person's own list of documents to read and courses to take (P32-6), with their history. */
export const feature: Feature = {
  routes: [{ path: 'my-tasks', element: <MyTasksPage /> }],
  nav: [{ section: 'personal', item: { to: '/my-tasks', label: 'nav.myTasks', icon: IconChecklist, order: 5 } }],
};
