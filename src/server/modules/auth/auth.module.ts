import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/http/actor.js';
import { createApiKeys } from './api-keys.service.js';
import type { AuthDeps } from './auth.deps.js';
import { createCredentials } from './login.service.js';
import { createSessions, SESSION_COOKIE } from './sessions.service.js';
import { createSignup } from './signup.service.js';
import { createThrottle } from './throttle.js';
import { createTotp } from './totp.service.js';
import { createUsers } from './users.service.js';

/** Wires the auth use cases together once per app. */
export const createAuthModule = (deps: AuthDeps) => {
  const sessions = createSessions(deps);
  const throttle = createThrottle(deps.database, deps.clock);
  const apiKeys = createApiKeys(deps);
  const module = {
    deps,
    sessions,
    throttle,
    apiKeys,
    credentials: createCredentials(deps, sessions, throttle),
    signup: createSignup(deps, sessions, throttle),
    users: createUsers(deps, sessions),
    totp: createTotp(deps),
    /** Bearer API key first (integrations), then the session cookie (browsers). */
    async resolveActor(req: FastifyRequest): Promise<Actor> {
      const auth = req.headers.authorization;
      if (auth?.startsWith('Bearer ')) return apiKeys.resolve(auth.slice(7).trim());
      return sessions.resolve(req.cookies[SESSION_COOKIE]);
    },
  };
  return module;
};

export type AuthModule = ReturnType<typeof createAuthModule>;
