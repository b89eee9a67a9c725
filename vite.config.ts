import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const backend = 'http://127.0.0.1:8080';

/**
 * The web UI. Its root is src/web; the server serves the built files from dist/web.
 * The dev server forwards the API to a locally running `mamori serve`.
 */
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // the server's CSP forbids inline scripts; keep the module preload polyfill out of index.html
    modulePreload: { polyfill: false },
    // libraries change less often than the app: separate chunks stay cached across releases
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'mantine', test: /node_modules[\\/]@mantine/ },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
    },
  },
  // vitest reads this file too: keep its root at the project, so server tests are found as well
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
  },
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/readyz': backend,
    },
  },
});
