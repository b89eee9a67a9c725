import { IconScale } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { LawPage, LawsPage } from './law-pages.js';

/** The laws and norms register (P32-1.3): everyone reads it; the manager and the data center keep it. */
export const feature: Feature = {
  routes: [
    {
      path: 'laws',
      element: (
        <RequirePermission action="law.read">
          <LawsPage />
        </RequirePermission>
      ),
    },
    {
      path: 'laws/:id',
      element: (
        <RequirePermission action="law.read">
          <LawPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [{ section: 'administration', item: { to: '/laws', label: 'nav.laws', icon: IconScale, action: 'law.read', order: 33 } }],
};
