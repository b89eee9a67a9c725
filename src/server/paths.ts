import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Mamori's package.json: files that ship beside the code (migrations, the built web
 * app) are found from here, whether the code runs from its TypeScript sources or from the
 * compiled bundle in `dist/server/`.
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mamori') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('Mamori’s package.json was not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
})();
