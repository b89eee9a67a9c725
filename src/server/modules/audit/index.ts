import type { ModuleManifest } from '../../module.js';
import { auditJobs } from '../../audit/witness.js';
import { registerAuditRoutes } from './audit.routes.js';

/** The audit log's viewer, verification and checkpoints. */
export const auditModule: ModuleManifest = { name: 'audit', routes: registerAuditRoutes, jobs: auditJobs };
