#!/usr/bin/env node
// Compiles the server and the CLI into one JavaScript bundle, dist/server/mamori.js, so Mamori runs
// on plain Node.js without TypeScript tooling. Packages stay external (read from node_modules);
// files the code reads beside itself are copied next to the bundle.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/server');

/** Builds the bundle; returns its path. */
export async function buildServer({ quiet = false } = {}) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(outdir, 'mamori.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    legalComments: 'none',
  });
  // Read at run time with `new URL('./common-passwords.txt', import.meta.url)`.
  copyFileSync(join(root, 'src/server/modules/identity/common-passwords.txt'), join(outdir, 'common-passwords.txt'));
  return join(outdir, 'mamori.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const out = await buildServer();
  console.log(`Built ${out.replace(`${root}/`, '')} in ${Date.now() - started} ms`);
}
