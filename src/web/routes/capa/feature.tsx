import { IconChecklist } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { ActionsPage } from './actions-page.js';

/** Corrective and preventive actions of incidents (P32-4): mine, and for the desk all open ones. The incident page shows the root cause and actions panel. */
export const feature: Feature = {
  routes: [
    {
      path: 'incidents/actions',
      element: (
        <RequirePermission action="incident.read">
          <ActionsPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [{ section: 'personal', item: { to: '/incidents/actions', label: 'nav.incidentActions', icon: IconChecklist, action: 'incident.read', order: 30 } }],
};
