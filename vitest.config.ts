import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The route × role × scope matrix checks authorization, which does not depend on the engine; it is
 * the longest file, so it runs on PostgreSQL only. Every feature's own tests run on both engines.
 */
const ENGINE_INDEPENDENT = ['src/server/authz/route-access.test.ts'];

const integration = (engine: 'pglite' | 'postgres') => ({
  test: {
    name: engine,
    include: ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts'],
    exclude: ['src/server/**/*.unit.test.ts', ...(engine === 'pglite' ? ENGINE_INDEPENDENT : [])],
    env: { MAMORI_TEST_ENGINE: engine },
    globalSetup: ['src/server/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks' as const,
    // Test files share their worker's module cache: the application is imported once per worker
    // instead of once per file (half the run). Each file still builds its own app on its own
    // database; nothing is mocked, so no module state needs resetting between files.
    isolate: false,
  },
});

export default defineConfig({
  test: {
    // Integration tests wait on the database as much as they compute: a worker per core keeps
    // every core busy (vitest's default, cores − 1, is a single worker on a 2-core machine).
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      { test: { name: 'unit', include: ['src/shared/**/*.test.ts', 'src/web/**/*.test.ts', 'src/server/**/*.unit.test.ts'], environment: 'node', isolate: false } },
      integration('pglite'),
      integration('postgres'),
    ],
  },
});
