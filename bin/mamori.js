#!/usr/bin/env node
// The `mamori` command. Runs the compiled CLI (dist/server/mamori.js) in this process, so signals
// such as SIGTERM from systemd or a container reach its graceful shutdown. In a development clone
// whose sources are newer than the build, it runs the TypeScript sources through tsx instead.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { BUNDLE, ROOT, buildState } from '../scripts/freshness.mjs';

const state = buildState();
const tsx = join(ROOT, 'node_modules/tsx/package.json');
if (state !== 'fresh' && existsSync(tsx)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(ROOT, 'src/cli/main.ts')).href);
} else if (existsSync(BUNDLE)) {
  await import(pathToFileURL(BUNDLE).href);
} else {
  console.error('Mamori is not built. Run `npm run build` (needs the development dependencies), or `npm start`.');
  process.exit(1);
}
