#!/usr/bin/env node
// `npm run build`: the web app (Vite → dist/web) and the server with the CLI (esbuild →
// dist/server/mamori.js), then a stamp that start-up compares with the sources.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, STAMP } from './freshness.mjs';

export async function buildAll({ log = console.log } = {}) {
  const started = Date.now();
  const { build: viteBuild } = await import('vite');
  log('Building the web app…');
  // vite.config.ts names its folders relative to the project root.
  process.chdir(ROOT);
  await viteBuild({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  log('Compiling the server…');
  const { buildServer } = await import('./build-server.mjs');
  await buildServer({ quiet: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAll();
