import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../../shared/permissions.js';
import { AppError } from '../errors/app-error.js';
import type { Actor, TenantCtx } from './actor.js';

/**
 * Who may call a route. Every route must declare one (an onRoute hook refuses those that don't):
 * - public: anyone, e.g. sign-in, health checks
 * - staff: a signed-in staff user (cookie session)
 * - staff-or-api-key: a staff session or an `Authorization: Bearer` API key
 * - portal: a signed-in customer contact
 */
export type AuthMode = 'public' | 'staff' | 'staff-or-api-key' | 'portal';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    permission?: Permission;
    /**
     * 'allow' turns off the cross-site (CSRF) check for this route. Only for public routes that
     * websites post to from their own pages (the web-to-lead form): they carry no credential.
     */
    crossSite?: 'allow';
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

export type ResolveActor = (req: FastifyRequest) => Promise<Actor>;

/** A registered route and the guard it declared. */
export type RouteGuard = { method: string; url: string; auth: AuthMode; permission: Permission | undefined };

const guardsByApp = new WeakMap<FastifyInstance, RouteGuard[]>();

/** Every route registered after the request context, with its guard: the route-guard test lists them. */
export const routeGuardsOf = (app: FastifyInstance): readonly RouteGuard[] => guardsByApp.get(app) ?? [];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses unsafe cookie-authenticated requests that a browser marks as coming from another site.
 * Bearer-authenticated requests carry no ambient credential and are exempt.
 */
const checkCrossSite = (req: FastifyRequest, allowedOrigins: Set<string>) => {
  if (!UNSAFE.has(req.method)) return;
  if (req.headers.authorization?.startsWith('Bearer ')) return;
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site')
    throw new AppError('CROSS_SITE_REQUEST', { userMessage: 'Cross-site request refused.' });
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    const host = req.headers.host;
    const sameHost = host && (origin === `http://${host}` || origin === `https://${host}`);
    if (!sameHost && !allowedOrigins.has(origin)) {
      throw new AppError('CROSS_SITE_REQUEST', { userMessage: 'Cross-site request refused.' });
    }
  } else if (origin === 'null') {
    throw new AppError('CROSS_SITE_REQUEST', { userMessage: 'Cross-site request refused.' });
  }
};

/** Resolves the actor, enforces each route's declared auth and permission, and blocks CSRF. */
export const registerRequestContext = (
  app: FastifyInstance,
  opts: { resolveActor: ResolveActor; allowedOrigins: string[]; publicPrefixes: string[] },
) => {
  const allowed = new Set(opts.allowedOrigins);
  const guards: RouteGuard[] = [];
  guardsByApp.set(app, guards);
  app.decorateRequest('actor', null as unknown as { getter: () => Actor });

  app.addHook('onRoute', (route) => {
    // Third-party plugin routes (the API docs UI) cannot declare a guard themselves.
    if (!route.config?.auth && opts.publicPrefixes.some((p) => route.url.startsWith(p))) {
      route.config = { ...(route.config ?? {}), auth: 'public' };
    }
    if (!route.config?.auth) {
      throw new Error(`Route ${route.method} ${route.url} declares no config.auth guard`);
    }
    if (route.config.crossSite === 'allow' && route.config.auth !== 'public') {
      // A credentialed route open to other sites would be a CSRF hole.
      throw new Error(`Route ${route.method} ${route.url}: crossSite 'allow' needs auth 'public'`);
    }
    for (const method of [route.method].flat()) {
      guards.push({ method, url: route.url, auth: route.config.auth, permission: route.config.permission });
    }
  });

  app.addHook('onRequest', async (req) => {
    req.actor = { kind: 'anonymous' };
    const config = req.routeOptions.config;
    const auth = config?.auth;
    // Unmatched routes (404 handler) have no auth: nothing to resolve.
    if (!auth) return;
    if (config.crossSite !== 'allow') checkCrossSite(req, allowed);
    if (auth === 'public') {
      return;
    }
    req.actor = await opts.resolveActor(req);
    const a = req.actor;
    const ok =
      (auth === 'staff' && a.kind === 'user') ||
      (auth === 'staff-or-api-key' && (a.kind === 'user' || a.kind === 'api_key')) ||
      (auth === 'portal' && a.kind === 'portal');
    if (!ok) throw new AppError('UNAUTHENTICATED', { userMessage: 'Please sign in.' });
    const perm = config.permission;
    if (perm) {
      const granted =
        (a.kind === 'user' && a.permissions.has(perm)) || (a.kind === 'api_key' && a.scopes.has(perm));
      if (!granted)
        throw new AppError('FORBIDDEN', { userMessage: 'You do not have permission to do this.' });
    }
  });
};

/** The tenant context of an authenticated request; routes pass it to exactly one use case. */
export const ctxOf = (req: FastifyRequest): TenantCtx => {
  const a = req.actor;
  if (a.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', { userMessage: 'Please sign in.' });
  return {
    tenantId: a.tenantId,
    actor: a,
    requestId: req.id,
    ip: req.ip,
    userAgent: req.headers['user-agent'],
  };
};
