import { IconPresentation } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { SteeringPage } from './steering-page.js';

/** The steering committee report (P32-7, P32-3): the manager's, and the committee's in its anonymized form. */
export const feature: Feature = {
  routes: [
    {
      path: 'steering-report',
      element: (
        <RequirePermission action="steering_report.read">
          <SteeringPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [{ section: 'administration', item: { to: '/steering-report', label: 'nav.steeringReport', icon: IconPresentation, action: 'steering_report.read', order: 35 } }],
};
