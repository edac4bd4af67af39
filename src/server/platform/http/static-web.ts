import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problemBody, sendProblem } from './problem.js';

// The customer portal and the public help centre are their own app (a small bundle without the
// agent UI): their client-side routes load dist/web/portal/index.html.
const PORTAL_PATH = /^\/(portal|kb)\/[^/]+(\/|$)/;
const PORTAL_ENTRY = 'portal/index.html';

const spaEntryFor = (url: string, root: string): string =>
  PORTAL_PATH.test(url) && existsSync(path.join(root, PORTAL_ENTRY)) ? PORTAL_ENTRY : 'index.html';

export type StaticWebOptions = {
  /**
   * The workspace whose portal a Host names (a tenant's own portal domain), if any. A page load on
   * such a host outside /portal/… and /kb/… is sent to that workspace's portal: customers who
   * open portal.example.co.il land on their portal, never on the staff sign-in.
   */
  portalWorkspaceForHost?: (host: string) => Promise<string | undefined>;
};

/**
 * Serves the built web app (dist/web): real files by path, and index.html for any other non-API
 * GET so client-side routes survive a reload. Unknown API paths get a problem+json 404.
 * Files are served from the not-found handler, so no unguarded routes are registered.
 */
export const registerStaticWeb = async (
  app: FastifyInstance,
  webDir: string | undefined,
  opts: StaticWebOptions = {},
) => {
  const root = webDir ? path.resolve(webDir) : undefined;
  const hasWeb = root !== undefined && existsSync(path.join(root, 'index.html'));
  // cacheControl off: otherwise send() overwrites the cache-control header set below.
  if (hasWeb) await app.register(fastifyStatic, { root, serve: false, cacheControl: false });
  app.setNotFoundHandler(async (req, reply) => {
    const url = decodeURIComponent(req.url.split('?')[0] ?? '/');
    const isApi = url.startsWith('/api/') || url === '/api';
    if (hasWeb && root && !isApi && (req.method === 'GET' || req.method === 'HEAD')) {
      const file = path.join(root, url);
      const inside = file.startsWith(root + path.sep);
      if (inside && existsSync(file) && statSync(file).isFile()) {
        // Hashed asset names never change content: cache them for a year.
        const immutable = url.startsWith('/assets/');
        return reply
          .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
          .sendFile(path.relative(root, file));
      }
      if (!path.extname(url)) {
        const host = req.hostname.split(':')[0]?.toLowerCase();
        if (opts.portalWorkspaceForHost && host && !PORTAL_PATH.test(url)) {
          const workspace = await opts.portalWorkspaceForHost(host);
          if (workspace) {
            // The path and query as sent (still encoded), under the workspace's portal.
            const rest = req.url === '/' ? '' : req.url.startsWith('/?') ? req.url.slice(1) : req.url;
            return reply
              .header('cache-control', 'no-cache')
              .redirect(`/portal/${encodeURIComponent(workspace)}${rest}`, 302);
          }
        }
        return reply.header('cache-control', 'no-cache').sendFile(spaEntryFor(url, root));
      }
    }
    return sendProblem(
      reply,
      problemBody('NOT_FOUND', { detail: `No route for ${req.method} ${url}`, instance: url }),
    );
  });
};
