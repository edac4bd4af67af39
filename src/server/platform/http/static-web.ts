import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problemBody, sendProblem } from './problem.js';

/**
 * Serves the built web app (dist/web): real files by path, and index.html for any other non-API
 * GET so client-side routes survive a reload. Unknown API paths get a problem+json 404.
 * Files are served from the not-found handler, so no unguarded routes are registered.
 */
export const registerStaticWeb = async (app: FastifyInstance, webDir: string | undefined) => {
  const root = webDir ? path.resolve(webDir) : undefined;
  const hasWeb = root !== undefined && existsSync(path.join(root, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root, serve: false });
  app.setNotFoundHandler((req, reply) => {
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
      if (!path.extname(url)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(
      reply,
      problemBody('NOT_FOUND', { detail: `No route for ${req.method} ${url}`, instance: url }),
    );
  });
};
