import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Secrets } from './secrets.js';
import type { Authz } from './authz/policy.js';
import type { BackupFileSet } from './backup/file-set.js';
import type { Scheduler } from './jobs/scheduler.js';
import type { Mailer } from './mail/mailer.js';
import type { SessionService } from './sessions/session.service.js';

/** What every service is built from. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  secrets: Secrets;
  clock: Clock;
  authz: Authz;
  /** Server-side sessions: modules end them on suspension, credential loss, role changes. */
  sessions: SessionService;
  /** The transactional email outbox. */
  mailer: Mailer;
  /** Scheduled jobs (dormancy, expiry, reminders); modules register theirs when they are built. */
  jobs: Scheduler;
  /** What a backup carries besides the database: the secrets, the audit witness files, the modules' stored files. */
  backupFiles(): BackupFileSet[];
  /**
   * Counters that features feed without knowing about metrics (src/server/metrics sets them when
   * metrics are on; absent otherwise, e.g. in the CLI).
   */
  observe?: Observers;
}

export interface Observers {
  /** Bytes of an exchange upload received from a client. */
  uploadBytes(n: number): void;
}
