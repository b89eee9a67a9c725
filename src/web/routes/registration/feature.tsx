import { IconInbox, IconUserEdit } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { ChangeDetailPage, MyChangesPage, QueuePage } from './registration-pages.js';

/** Registration changes (P32-2.1.3f): everyone reports their own; the data center decides. */
export const feature: Feature = {
  routes: [
    { path: 'registration-changes', element: <MyChangesPage /> },
    {
      path: 'registration-changes/queue',
      element: (
        <RequirePermission action="registration_change.review">
          <QueuePage />
        </RequirePermission>
      ),
    },
    {
      path: 'registration-changes/queue/:id',
      element: (
        <RequirePermission action="registration_change.review">
          <ChangeDetailPage review />
        </RequirePermission>
      ),
    },
    { path: 'registration-changes/:id', element: <ChangeDetailPage /> },
  ],
  nav: [
    { section: 'personal', item: { to: '/registration-changes', label: 'nav.registrationChanges', icon: IconUserEdit, order: 60 } },
    { section: 'administration', item: { to: '/registration-changes/queue', label: 'nav.registrationQueue', icon: IconInbox, action: 'registration_change.review', order: 45 } },
  ],
};
