import { IconUsersGroup } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { SharingSignalsPage } from './sharing-page.js';

export const feature: Feature = {
  routes: [
    {
      path: 'accounts/sharing',
      element: (
        <RequirePermission action="account.manage">
          <SharingSignalsPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [{ section: 'administration', item: { to: '/accounts/sharing', label: 'nav.sharing', icon: IconUsersGroup, action: 'account.manage', order: 41 } }],
};
