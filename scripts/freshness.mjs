// Whether the compiled build in dist/ is missing or older than what it is built from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist/server/mamori.js');
export const STAMP = join(ROOT, 'dist/.build-stamp');
/** What the build reads: a change to any of these makes dist/ stale. */
const INPUTS = ['src', 'migrations', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    m = Math.max(m, newest(join(path, e.name)));
  }
  return m;
}

/** 'missing', 'stale' or 'fresh'. Sources that are not shipped (a production copy without src/) count as fresh. */
export function buildState() {
  if (!existsSync(STAMP) || !existsSync(BUNDLE)) return 'missing';
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((p) => newest(join(ROOT, p)) > built) ? 'stale' : 'fresh';
}

/** True when the build tools (devDependencies) are installed. */
export function canBuild() {
  return existsSync(join(ROOT, 'node_modules/vite/package.json')) && existsSync(join(ROOT, 'node_modules/esbuild/package.json'));
}
