import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Connect, defineConfig, type Plugin } from 'vite';

const fromRepo = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The Kesher server the dev server forwards API calls to (`npm run dev` listens on 3000).
const apiTarget = 'http://localhost:3000';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: false },
  '/healthz': apiTarget,
  '/readyz': apiTarget,
};

// Client-side routes of the customer portal and the public help centre load the portal's page in
// `vite dev`/`preview` too, as static-web.ts does in production.
const PORTAL_ROUTE = /^\/(portal|kb)\/[^/]+(\/[^.]*)?$/;
const portalPage: Connect.NextHandleFunction = (req, _res, next) => {
  const path = req.url?.split('?')[0] ?? '';
  if (PORTAL_ROUTE.test(path) && req.headers.accept?.includes('text/html')) req.url = '/portal/index.html';
  next();
};
const portalFallback = (): Plugin => ({
  name: 'kesher-portal-fallback',
  configureServer: (server) => void server.middlewares.use(portalPage),
  configurePreviewServer: (server) => void server.middlewares.use(portalPage),
});

export default defineConfig({
  root: fromRepo('./src/web'),
  plugins: [react(), portalFallback()],
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
