import type { ModuleManifest } from '../../module.js';
import { registerSystemRoutes } from './system.routes.js';

/** Liveness, readiness and the OpenAPI document. */
export const systemModule: ModuleManifest = { name: 'system', routes: registerSystemRoutes };
