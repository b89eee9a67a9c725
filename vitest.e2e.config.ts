import { defineConfig } from 'vitest/config';

/** Browser tests: a real Mamori server process and Debian's Chromium driven by playwright-core. */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
