import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerAssetRoutes } from './assets.routes.js';
/** The asset register (P32-1, P32-1.4). */
export const assetsModule: ModuleManifest = {
  name: 'assets',
  routes: registerAssetRoutes,
  access: ROUTE_ACCESS,
};
