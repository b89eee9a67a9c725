import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/server/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data directory with every migration applied, copied into each spec's DATA_DIR. */
    e2ePgliteTemplate: string;
  }
}

/**
 * Migrates one embedded database for the whole browser run; each spec starts from a copy of it
 * instead of applying every migration again (the first-run spec still starts from nothing).
 */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'mamori-e2e-template-'));
  const dir = join(root, 'pglite');
  const database = await openDatabase({ pgliteDir: dir });
  await database.migrate();
  await database.close();
  project.provide('e2ePgliteTemplate', dir);
  return () => rmSync(root, { recursive: true, force: true });
}
