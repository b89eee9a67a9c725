import { IconMap2 } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { ClauseMapPage } from './clause-map-page.js';

/** How the group meets each clause of Policy No. 32: controls, product features, evidence and gaps. */
export const feature: Feature = {
  routes: [
    {
      path: 'clause-map',
      element: (
        <RequirePermission action="control.read">
          <ClauseMapPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [{ section: 'administration', item: { to: '/clause-map', label: 'nav.clauseMap', icon: IconMap2, action: 'control.read', order: 31 } }],
};
