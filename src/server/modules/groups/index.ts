import type { ModuleManifest } from '../../module.js';
import { systemActor } from '../../authz/actor.js';
import { ROUTE_ACCESS } from './access.js';
import { GroupCredentialService } from './credentials.service.js';
import { registerGroupRoutes } from './groups.routes.js';
import { scrubDeliveredGroupIdMail } from './scrub.js';
import { groupTasks } from './groups.tasks.js';

/** Group IDs (encrypted, rotated, revealed to members), group sessions and member-only content (P32-2.1.3d). */
export const groupsModule: ModuleManifest = {
  name: 'groups',
  routes: registerGroupRoutes,
  // Scheduled rotation, and removal of group passwords from delivered emails.
  jobs: (ctx) => {
    const creds = new GroupCredentialService(ctx);
    return [
      { name: 'groups.rotate_scheduled', everyMs: 60 * 60_000, run: async (now) => ({ rotated: await creds.rotateDue(systemActor('groups.rotate_scheduled'), now) }) },
      { name: 'groups.scrub_mail', everyMs: 60_000, run: async () => ({ scrubbed: await scrubDeliveredGroupIdMail(ctx) }) },
    ];
  },
  access: ROUTE_ACCESS,
  tasks: groupTasks,
};
