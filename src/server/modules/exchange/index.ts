import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerExchangeRoutes } from './exchange.routes.js';
import { exchangeOf } from './exchange.module.js';
import { vaultBackupFiles } from './vault/backup-files.js';
import { UploadService } from './vault/upload.js';
import { registerVaultRoutes } from './vault/vault.routes.js';
import { exchangeTasks } from './exchange.tasks.js';

const MINUTE = 60_000;

/** The secure exchange of confidential files (P32-2.1.2): transfers, the vault, the identifier tripwire. */
export const exchangeModule: ModuleManifest = {
  name: 'exchange',
  routes: (app, ctx) => {
    registerExchangeRoutes(app, ctx);
    registerVaultRoutes(app, ctx);
  },
  jobs: (ctx) => {
    const x = exchangeOf(ctx);
    const uploads = new UploadService(ctx);
    return [
      { name: 'exchange.scans', everyMs: MINUTE, run: async (now) => ({ started: await x.scanner.runPending(now) }) },
      { name: 'exchange.retention', everyMs: 10 * MINUTE, run: (now) => x.retention.run(now) },
      { name: 'exchange.uploads_expire', everyMs: 60 * MINUTE, run: (now) => uploads.expireAbandoned(now) },
    ];
  },
  // Scans run in the background after a job starts them.
  stop: (ctx) => exchangeOf(ctx).scanner.idle(),
  access: ROUTE_ACCESS,
  backupFiles: vaultBackupFiles,
  tasks: exchangeTasks,
};
