import type { RouteAccess } from './access-table.js';

/**
 * The feature modules' parts of the expected-access table, each kept beside its routes in
 * `src/server/modules/<module>/access.ts` (exporting `ROUTE_ACCESS`). A route listed twice fails
 * at start-up, so two modules cannot silently disagree.
 */
const parts = import.meta.glob<Readonly<Record<string, RouteAccess>>>('../modules/*/access.ts', { eager: true, import: 'ROUTE_ACCESS' });

export const MODULE_ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = (() => {
  const out: Record<string, RouteAccess> = {};
  for (const [file, table] of Object.entries(parts)) {
    for (const [route, access] of Object.entries(table)) {
      if (route in out) throw new Error(`${route} is in two access tables (${file})`);
      out[route] = access;
    }
  }
  return out;
})();
