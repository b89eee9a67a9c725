import type { ModuleManifest } from '../../module.js';
import { registerImportRoutes } from './import/import.routes.js';
import { registerOrgRoutes } from './org.routes.js';

/** Registries (units, institutions, research groups, studies, committees), people, and CSV/XLSX imports. */
export const orgModule: ModuleManifest = {
  name: 'org',
  routes: (app, ctx) => {
    registerOrgRoutes(app, ctx);
    registerImportRoutes(app, ctx);
  },
};
