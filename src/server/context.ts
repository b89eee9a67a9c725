import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Secrets } from './secrets.js';
import type { Authz } from './authz/policy.js';

/** What every service is built from. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  secrets: Secrets;
  clock: Clock;
  authz: Authz;
}
