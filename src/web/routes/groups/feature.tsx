import { IconKey, IconShieldLock } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { GroupIdsAdminPage } from './admin-page.js';
import { GroupAccessPage } from './group-access-page.js';
import { GroupContentPage, GroupIdsPage } from './group-pages.js';

/**
 * The session does not carry research-group memberships, so the menu entry goes to the roles whose
 * holders belong to research groups; the page itself lists exactly the person's groups.
 */
const GROUP_ROLES = ['researcher', 'site_coordinator', 'study_office_staff', 'contractor'];

export const feature: Feature = {
  routes: [
    { path: 'group-ids', element: <GroupIdsPage /> },
    { path: 'groups/:groupId/content', element: <GroupContentPage /> },
    {
      path: 'admin/group-ids',
      element: (
        <RequirePermission action="group_credential.manage">
          <GroupIdsAdminPage />
        </RequirePermission>
      ),
    },
  ],
  // Works without a personal session: sign-in with a group ID, then the read-only group view.
  standalone: [{ path: '/group', element: <GroupAccessPage /> }],
  nav: [
    { section: 'personal', item: { to: '/group-ids', label: 'nav.groupIds', icon: IconKey, when: (s) => s.roles.some((r) => GROUP_ROLES.includes(r)), order: 40 } },
    { section: 'administration', item: { to: '/admin/group-ids', label: 'nav.groupIdsAdmin', icon: IconShieldLock, action: 'group_credential.manage', order: 40 } },
  ],
};
