import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TaskKind } from '../shared/tasks.js';
import { moduleRouteAccess, moduleSessionRequirements, moduleTaskSources } from './compose.js';
import type { AppContext } from './context.js';
import { MODULES } from './modules/index.js';
import { inHomeOrder } from './modules/tasks/tasks.service.js';

const MODULES_DIR = join(import.meta.dirname, 'modules');

describe('the module manifests', () => {
  it('lists every module folder that has routes, once', () => {
    const withRoutes = readdirSync(MODULES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory() && readdirSync(join(MODULES_DIR, d.name)).some((f) => f.endsWith('.routes.ts')))
      .map((d) => d.name);
    const names = MODULES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const folder of withRoutes) {
      expect(existsSync(join(MODULES_DIR, folder, 'index.ts')), `modules/${folder}/index.ts`).toBe(true);
      expect(names, `modules/${folder} is not in MODULES`).toContain(folder);
    }
  });

  it('gathers every module’s access table, and refuses a route two modules claim', () => {
    const table = moduleRouteAccess();
    expect(table['POST /api/exchange/uploads']).toBeDefined(); // the vault's part of the exchange module
    expect(table['GET /api/documents']).toBeDefined();
    const documents = MODULES.find((m) => m.name === 'documents');
    expect(() => moduleRouteAccess([...MODULES, { name: 'copy', access: documents?.access }])).toThrow(/GET \/api\/documents is in two access tables \(copy\)/);
  });

  it('gathers the modules’ session requirements (training’s), and refuses one two modules contribute', () => {
    expect(moduleSessionRequirements().map((r) => r.name)).toEqual(['training']);
    const training = MODULES.find((m) => m.name === 'training');
    expect(() => moduleSessionRequirements([...MODULES, { name: 'copy', sessionRequirement: training?.sessionRequirement }])).toThrow(/session requirement training is contributed twice \(copy\)/);
  });

  it('gathers every home-page task kind from the module that owns it, once, and refuses a kind two modules contribute', () => {
    const ctx = {} as AppContext; // building the sources reads nothing; only counting does
    const kinds = moduleTaskSources(ctx).map((s) => s.kind);
    expect([...kinds].sort()).toEqual([...TaskKind.options].sort());
    expect(inHomeOrder(moduleTaskSources(ctx)).map((s) => s.kind).at(-1)).toBe('my_registration_changes_pending');
    const exchange = MODULES.find((m) => m.name === 'exchange');
    expect(() => moduleTaskSources(ctx, [...MODULES, { name: 'copy', tasks: exchange?.tasks }])).toThrow(/task transfer_exceptions is contributed twice \(copy\)/);
  });
});
