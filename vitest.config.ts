import { defineConfig } from 'vitest/config';

const integration = (engine: 'pglite' | 'postgres') => ({
  test: {
    name: engine,
    include: ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts'],
    exclude: ['src/server/**/*.unit.test.ts'],
    env: { MAMORI_TEST_ENGINE: engine },
    globalSetup: ['src/server/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks' as const,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/shared/**/*.test.ts', 'src/web/**/*.test.ts', 'src/server/**/*.unit.test.ts'], environment: 'node' } },
      integration('pglite'),
      integration('postgres'),
    ],
  },
});
