import { appendAuditAlone } from './audit/audit.service.js';
import { coreFileSets } from './backup/backup.js';
import { backupJobs } from './backup/backup.service.js';
import type { BackupFileSet } from './backup/file-set.js';
import { Authz } from './authz/policy.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import type { Database } from './db/client.js';
import { Scheduler } from './jobs/scheduler.js';
import { Mailer } from './mail/mailer.js';
import type { Secrets } from './secrets.js';
import type { SessionRequirement } from './sessions/requirements.js';
import { SessionService } from './sessions/session.service.js';

/**
 * The services every module is built from; the web server and the CLI build it the same way.
 * `sessionRequirements` are the modules' contributions to every session (compose.ts's
 * `moduleSessionRequirements()`): the core knows no feature, so the composition root supplies them.
 */
export function buildContext(deps: {
  config: Config;
  database: Database;
  secrets: Secrets;
  clock?: Clock;
  sessionRequirements: readonly SessionRequirement[];
  /** The modules' stored files for backups (compose.ts's `moduleBackupFiles`). */
  backupFiles?: (ctx: AppContext) => BackupFileSet[];
}): AppContext {
  const { config, database, secrets } = deps;
  const clock = deps.clock ?? systemClock;
  const authz = new Authz(async (actor, action, resource) => {
    await appendAuditAlone(database.db, clock, actor, { action: 'authz.denied', details: { action, resource: resource ?? null } });
  });
  const ctx = { config, database, db: database.db, secrets, clock, authz } as AppContext;
  ctx.sessions = new SessionService(ctx, deps.sessionRequirements);
  ctx.mailer = new Mailer(database.db, clock, config);
  ctx.jobs = new Scheduler(database.db, clock);
  ctx.jobs.register({ name: 'mail.deliver', everyMs: 60_000, run: async () => ({ sent: await ctx.mailer.deliver() }) });
  ctx.backupFiles = () => [...coreFileSets(config), ...(deps.backupFiles?.(ctx) ?? [])];
  for (const job of backupJobs(ctx)) ctx.jobs.register(job);
  return ctx;
}
