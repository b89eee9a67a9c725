import { IconChartPie } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { CoveragePage } from './coverage-page.js';

/** Coverage of acknowledgments and training (P32-6): summary, chart per institution, names, exports, the yearly report. */
export const feature: Feature = {
  routes: [
    {
      path: 'coverage',
      element: (
        <RequirePermission action="coverage.read">
          <CoveragePage />
        </RequirePermission>
      ),
    },
  ],
  nav: [{ section: 'organization', item: { to: '/coverage', label: 'nav.coverage', icon: IconChartPie, action: 'coverage.read', order: 40 } }],
};
