import type { RouteAccess } from './authz/access-table.js';
import type { AppContext } from './context.js';
import type { App } from './http.js';
import type { BackupFileSet } from './backup/file-set.js';
import type { Composed, ModuleManifest } from './module.js';
import { onAccountActivated } from './modules/accounts/activation-hooks.js';
import { onIncident } from './modules/incidents/incident-hooks.js';
import { MODULES } from './modules/index.js';
import type { TaskSource } from './modules/tasks/public.js';
import type { SessionRequirement } from './sessions/requirements.js';

/**
 * The composition root: assembles the modules' manifests for the HTTP server (`app.ts`), the
 * CLI (`mamori jobs run`, `mamori serve`) and the tests. No other file lists modules.
 */

/** Registers every module's routes on the app, and its account-activation work. */
export function registerModules(app: App, ctx: AppContext, modules: readonly ModuleManifest[] = MODULES): void {
  registerModuleEvents(modules);
  const composed: Composed = { taskSources: moduleTaskSources(ctx, modules) };
  for (const m of modules) m.routes?.(app, ctx, composed);
}

/** Subscribes each module to the account-activation event and the incident hooks (by name: registering twice keeps one). */
export function registerModuleEvents(modules: readonly ModuleManifest[] = MODULES): void {
  for (const m of modules) {
    if (m.onAccountActivated) onAccountActivated(m.name, m.onAccountActivated);
    if (m.incidentHooks) onIncident(m.name, m.incidentHooks);
  }
}

/** Registers every module's scheduled jobs with the context's scheduler. */
export function registerModuleJobs(ctx: AppContext, modules: readonly ModuleManifest[] = MODULES): void {
  for (const m of modules) for (const job of m.jobs?.(ctx) ?? []) ctx.jobs.register(job);
}

/** Runs every module's seed (idempotent reference data), in module order. */
export async function runModuleSeeds(ctx: AppContext, modules: readonly ModuleManifest[] = MODULES): Promise<void> {
  for (const m of modules) await m.seed?.(ctx);
}

/** The modules' stored files, for backups and restores. */
export function moduleBackupFiles(ctx: AppContext, modules: readonly ModuleManifest[] = MODULES): BackupFileSet[] {
  return modules.flatMap((m) => (m.backupFiles ? [m.backupFiles(ctx)] : []));
}

/** Waits for every module's background work (scans started by a job, for instance). */
export async function stopModules(ctx: AppContext, modules: readonly ModuleManifest[] = MODULES): Promise<void> {
  for (const m of modules) await m.stop?.(ctx);
}

/**
 * The modules' parts of the expected-access table, each kept beside its routes. A route listed
 * by two modules is an error, so two modules cannot silently disagree.
 */
export function moduleRouteAccess(modules: readonly ModuleManifest[] = MODULES): Readonly<Record<string, RouteAccess>> {
  const out: Record<string, RouteAccess> = {};
  for (const m of modules) {
    for (const [route, access] of Object.entries(m.access ?? {})) {
      if (route in out) throw new Error(`${route} is in two access tables (${m.name})`);
      out[route] = access;
    }
  }
  return out;
}

/**
 * The modules' session requirements, in module order, for the session service (`buildContext`).
 * A requirement claimed by two modules is an error: the session could not say whose it is.
 */
export function moduleSessionRequirements(modules: readonly ModuleManifest[] = MODULES): readonly SessionRequirement[] {
  const out: SessionRequirement[] = [];
  for (const m of modules) {
    const r = m.sessionRequirement;
    if (!r) continue;
    if (out.some((o) => o.name === r.name)) throw new Error(`session requirement ${r.name} is contributed twice (${m.name})`);
    out.push(r);
  }
  return out;
}

/**
 * The modules' task sources for the home page, in module order. A kind contributed by two
 * modules is an error: the page could not say whose count it shows.
 */
export function moduleTaskSources(ctx: AppContext, modules: readonly ModuleManifest[] = MODULES): readonly TaskSource[] {
  const out: TaskSource[] = [];
  for (const m of modules) {
    for (const source of m.tasks?.(ctx) ?? []) {
      if (out.some((o) => o.kind === source.kind)) throw new Error(`task ${source.kind} is contributed twice (${m.name})`);
      out.push(source);
    }
  }
  return out;
}
