import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import './global-setup.js';

/**
 * A DATA_DIR whose embedded database already has every migration applied (a copy of the run's
 * template); `mamori serve` then only checks that nothing is pending. Returns the directory.
 */
export function preparedDataDir(dataDir: string = mkdtempSync(join(tmpdir(), 'mamori-e2e-'))): string {
  const target = join(dataDir, 'pglite');
  if (!existsSync(target)) cpSync(inject('e2ePgliteTemplate'), target, { recursive: true });
  return dataDir;
}
