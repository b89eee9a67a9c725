import { defineConfig } from 'vitest/config';

/** Browser tests: a real Mamori server process and Debian's Chromium driven by playwright-core. */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // Each spec has its own server, data directory and browser, so specs can run side by side;
    // they mostly wait (for pages, servers and the browser), so two at a time fit on two cores.
    maxWorkers: 2,
    pool: 'forks',
  },
});
