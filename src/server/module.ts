import type { RouteAccess } from './authz/access-table.js';
import type { AppContext } from './context.js';
import type { App } from './http.js';
import type { BackupFileSet } from './backup/file-set.js';
import type { Job } from './jobs/scheduler.js';
import type { ActivationHook } from './modules/accounts/activation-hooks.js';
import type { TaskSource } from './modules/tasks/public.js';
import type { IncidentHooks } from './modules/incidents/incident-hooks.js';
import type { SessionRequirement } from './sessions/requirements.js';

/**
 * What a module contributes to the application, in one place. Each `modules/<m>/index.ts` exports
 * one manifest; `modules/index.ts` lists them, and the HTTP server, the CLI and the tests assemble
 * the application from that list alone (see `compose.ts`). Nothing is wired by hand elsewhere.
 */
export interface ModuleManifest {
  /** The module's folder name. */
  readonly name: string;
  /**
   * Registers the module's HTTP routes (and hooks scoped to them, such as `onClose`). `composed`
   * carries what the other modules contribute to it (the home page's task sources).
   */
  readonly routes?: (app: App, ctx: AppContext, composed: Composed) => void;
  /** The module's scheduled jobs, built from the context alone: `mamori jobs run` needs no HTTP server. */
  readonly jobs?: (ctx: AppContext) => Job[];
  /**
   * Reference data the module needs (catalogues, the sample course): idempotent, run after the
   * migrations and before the server answers or the jobs run.
   */
  readonly seed?: (ctx: AppContext) => Promise<unknown>;
  /** Waits for the module's background work to finish (shutdown, and the end of `mamori jobs run`). */
  readonly stop?: (ctx: AppContext) => Promise<void>;
  /** Work to do, in the same transaction, when a person's account becomes active (accounts module event). */
  readonly onAccountActivated?: ActivationHook;
  /** What the module adds to an incident's workflow (close blockers, a corrected awareness date): incidents module hooks. */
  readonly incidentHooks?: IncidentHooks;
  /** Who may call each of the module's routes (`METHOD /url` → access): the route-access matrix checks it. */
  readonly access?: Readonly<Record<string, RouteAccess>>;
  /**
   * A requirement every session of a person is checked for, inside the session's one query (the
   * training module's required courses): while it holds, the session carries its name.
   */
  readonly sessionRequirement?: SessionRequirement;
  /** Files the module keeps outside the database, for backups and restores (the exchange's stored segments). */
  readonly backupFiles?: (ctx: AppContext) => BackupFileSet;
  /**
   * What of this module needs a person's attention, for the home page (`/api/me/tasks`): each
   * source says who sees it and counts it. The tasks module lists them and imports no feature.
   */
  readonly tasks?: (ctx: AppContext) => readonly TaskSource[];
}

/** What the composition root gathers from every module and hands to the modules' routes. */
export interface Composed {
  /** Every module's task sources, in module order. */
  readonly taskSources: readonly TaskSource[];
}
