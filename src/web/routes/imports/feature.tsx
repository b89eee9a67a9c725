import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { AssetImportPage } from '../assets/import/asset-import-page.js';

/**
 * Imports beyond the organization registry's page (/import): the asset register's import, for
 * the people who keep assets (asset.manage), linked from the asset list.
 */
export const feature: Feature = {
  routes: [
    {
      path: 'assets/import',
      element: (
        <RequirePermission action="asset.manage">
          <AssetImportPage />
        </RequirePermission>
      ),
    },
  ],
};
