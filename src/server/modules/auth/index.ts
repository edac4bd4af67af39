export type { AuthDeps } from './auth.deps.js';
export { type AuthModule, createAuthModule } from './auth.module.js';
export { authRoutes } from './auth.routes.js';
export { users } from './auth.table.js';
export { makeScopedToken, parseScopedToken } from './scoped-token.js';
export { SESSION_COOKIE } from './sessions.service.js';
export {
  ACCOUNT_RULE,
  createThrottle,
  IP_RULE,
  SEND_RULE,
  type Throttle,
  type ThrottleRule,
} from './throttle.js';
export { totpCodeAt } from './totp.js';
export { usersRoutes } from './users.routes.js';
