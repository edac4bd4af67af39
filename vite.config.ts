import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRepo = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The Kesher server the dev server forwards API calls to (`npm run dev` listens on 3000).
const apiTarget = 'http://localhost:3000';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: false },
  '/healthz': apiTarget,
  '/readyz': apiTarget,
};

export default defineConfig({
  root: fromRepo('./src/web'),
  plugins: [react()],
  build: {
    outDir: fromRepo('./dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // One entry per app. The portal imports no Mantine, so the mantine group never joins its graph.
      input: {
        agent: fromRepo('./src/web/index.html'),
        portal: fromRepo('./src/web/portal/index.html'),
      },
      output: {
        // Libraries change less often than the app and are shared by the apps: own, cacheable chunks.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 3,
            },
            { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, strictPort: true, proxy },
});
