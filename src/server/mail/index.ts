import type { ModuleManifest } from '../module.js';
import { registerMailRoutes } from './mail.routes.js';

/** The outbox: administrators read held emails when no SMTP server is configured. Delivery is a core job (build-context.ts). */
export const mailModule: ModuleManifest = { name: 'mail', routes: registerMailRoutes };
