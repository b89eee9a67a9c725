#!/usr/bin/env node
// `npm start`: builds Mamori when dist/ is missing or older than the sources (a fresh clone, a
// pulled update), then starts the server from the compiled code in this process.
import { buildState, canBuild } from './freshness.mjs';

const state = buildState();
if (state !== 'fresh') {
  if (canBuild()) {
    console.log(state === 'missing' ? 'First start: building Mamori (about a minute)…' : 'The sources changed since the last build: rebuilding…');
    const { buildAll } = await import('./build.mjs');
    await buildAll({ log: (m) => console.log(`  ${m}`) });
  } else if (state === 'missing') {
    console.error('Mamori is not built and the build tools are not installed: run `npm ci && npm run build` first.');
    process.exit(1);
  }
}
process.argv.splice(2, process.argv.length, 'serve', ...process.argv.slice(2));
const { BUNDLE } = await import('./freshness.mjs');
const { pathToFileURL } = await import('node:url');
await import(pathToFileURL(BUNDLE).href);
