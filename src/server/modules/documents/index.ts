import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerDocumentRoutes } from './documents.routes.js';
import { documentJobs } from './documents.jobs.js';
import { seedDocuments } from './documents.seed.js';
import { DocumentsService } from './documents.service.js';
import { documentTasks } from './documents.tasks.js';

/** Policies and guidelines: versions, approval, publication, acknowledgments, review dates (P32-6). */
export const documentsModule: ModuleManifest = {
  name: 'documents',
  routes: registerDocumentRoutes,
  jobs: documentJobs,
  seed: seedDocuments,
  // A newly active account is asked to acknowledge the documents that apply to it.
  onAccountActivated: async (tx, ctx, personId) => {
    await new DocumentsService(ctx).assignOnActivation(tx, personId);
  },
  access: ROUTE_ACCESS,
  tasks: documentTasks,
};
