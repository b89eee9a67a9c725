import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// the API server for `vite` dev mode; MAMORI_API overrides it (e.g. when serve runs on another port)
const backend = process.env.MAMORI_API ?? 'http://127.0.0.1:8080';

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
            // the password strength meter's dictionaries: loaded on demand, never with the app
            { name: 'zxcvbn', test: /node_modules[\\/]@zxcvbn-ts/ },
            // charts: loaded on demand by the pages that draw them
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/readyz': backend,
    },
  },
});
