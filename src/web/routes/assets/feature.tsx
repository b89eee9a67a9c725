import { IconChartBar, IconDatabase } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { AssetDashboardPage } from './asset-dashboard-page.js';
import { AssetDetailPage } from './asset-detail-page.js';
import { AssetFormPage } from './asset-form-page.js';
import { AssetListPage } from './asset-list-page.js';

/** The information asset register (P32-1.1, 1.4): list, detail, form, dashboard. */
export const feature: Feature = {
  routes: [
    {
      path: 'assets',
      element: (
        <RequirePermission action="asset.read">
          <AssetListPage />
        </RequirePermission>
      ),
    },
    {
      path: 'assets/new',
      element: (
        <RequirePermission action="asset.manage">
          <AssetFormPage />
        </RequirePermission>
      ),
    },
    {
      path: 'assets/dashboard',
      element: (
        <RequirePermission action="asset.read">
          <AssetDashboardPage />
        </RequirePermission>
      ),
    },
    {
      path: 'assets/:id',
      element: (
        <RequirePermission action="asset.read">
          <AssetDetailPage />
        </RequirePermission>
      ),
    },
    {
      path: 'assets/:id/edit',
      element: (
        <RequirePermission action="asset.manage">
          <AssetFormPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [
    { section: 'organization', item: { to: '/assets', label: 'nav.assets', icon: IconDatabase, action: 'asset.read', order: 5 } },
    { section: 'organization', item: { to: '/assets/dashboard', label: 'nav.assetDashboard', icon: IconChartBar, action: 'asset.read', order: 6 } },
  ],
};
